export { compileExpression, ExprError } from './expr.js'
export type { CompileResult, CompiledExpression, ExprDiagnostic } from './expr.js'
