import { parse } from '@marcbachmann/cel-js'

/** One problem found while compiling an expression (the text, 1-based line and column when known). */
export interface ExprDiagnostic {
  readonly code: 'EXPR_SYNTAX' | 'EXPR_EMPTY'
  readonly message: string
  readonly line?: number
  readonly column?: number
}

/** A compiled expression: evaluate it against named variables as often as needed. */
export interface CompiledExpression {
  readonly text: string
  /** Evaluates the expression; throws an ExprError on a runtime failure (missing key, bad type). */
  evaluate(vars: Readonly<Record<string, unknown>>): unknown
}

/** Either a compiled expression or the diagnostics that prevented compiling it. */
export type CompileResult =
  | { readonly ok: true; readonly expression: CompiledExpression }
  | { readonly ok: false; readonly diagnostics: readonly ExprDiagnostic[] }

/** A runtime evaluation failure of an expression that compiled. */
export class ExprError extends Error {
  readonly code = 'EXPR_EVAL' as const
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ExprError'
  }
}

// cel-js renders a caret excerpt under the message; the first line is the reason and the
// excerpt's "> N |" prefix names the line.
function toDiagnostic(err: unknown): ExprDiagnostic {
  const text = err instanceof Error ? err.message : String(err)
  const reason = text.split('\n')[0] ?? text
  const at = /^>\s+(\d+) \|/m.exec(text)
  const caret = /^\s*\^/m.exec(text)
  const line = at?.[1] ? Number(at[1]) : undefined
  const diag: ExprDiagnostic = { code: 'EXPR_SYNTAX', message: reason }
  if (line === undefined) return diag
  const bar = text.split('\n').find((l) => /^>\s+\d+ \|/.test(l)) ?? ''
  const column = caret ? caret[0].indexOf('^') - bar.indexOf('|') - 1 : undefined
  return column !== undefined && column > 0 ? { ...diag, line, column } : { ...diag, line }
}

/**
 * Compiles a CEL expression (https://github.com/google/cel-spec) once for repeated evaluation.
 * Never throws: a syntax error comes back as diagnostics.
 * @example
 * const r = compileExpression('object.spec.replicas > 1')
 * if (r.ok) r.expression.evaluate({ object: { spec: { replicas: 3 } } }) // true
 */
export function compileExpression(text: string): CompileResult {
  if (text.trim() === '') {
    return { ok: false, diagnostics: [{ code: 'EXPR_EMPTY', message: 'expression is empty' }] }
  }
  let fn: ReturnType<typeof parse>
  try {
    fn = parse(text)
  } catch (err) {
    return { ok: false, diagnostics: [toDiagnostic(err)] }
  }
  const expression: CompiledExpression = {
    text,
    evaluate(vars) {
      try {
        return normalize(fn(vars as Record<string, unknown>))
      } catch (err) {
        const msg = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err)
        throw new ExprError(`${text}: ${msg}`, { cause: err })
      }
    },
  }
  return { ok: true, expression }
}

/** CEL integers come back as bigint; callers get plain numbers where they fit. */
function normalize(v: unknown): unknown {
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) {
    return Number(v)
  }
  return v
}
