import { runRepoSuite } from '../../test/server/repo-suite.js'
import { testDialects } from '../../test/server/pg.js'

for (const dialect of testDialects('store')) runRepoSuite(dialect)
