/**
 * JSON schemas of the API's requests and responses: fastify validates inputs and serializes
 * outputs with them, and @fastify/swagger publishes them as the OpenAPI document.
 */

export const ErrorResponse = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const

/** Counts by severity (unknown, low, medium, high, critical). */
export const SeverityCounts = {
  type: 'object',
  additionalProperties: { type: 'integer' },
} as const

export const ScanSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'running', 'completed', 'failed'] },
    counts: SeverityCounts,
    queuedAt: { type: 'string' },
    startedAt: { type: 'string' },
    finishedAt: { type: 'string' },
    error: { type: 'string' },
  },
  required: ['id', 'status', 'queuedAt'],
} as const

export const ScanRecordDto = {
  type: 'object',
  properties: {
    ...ScanSummary.properties,
    repository: { type: 'string' },
    digest: { type: 'string' },
    newFindings: { type: 'array', items: { type: 'string' } },
    fixedFindings: { type: 'array', items: { type: 'string' } },
  },
  required: ['id', 'status', 'queuedAt', 'repository', 'digest'],
} as const

export const RepositoryDto = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    versions: { type: 'integer' },
    lastUpdated: { type: 'string' },
    source: { type: 'string', enum: ['registry', 'external'] },
  },
  required: ['name', 'versions', 'lastUpdated', 'source'],
} as const

export const VersionDto = {
  type: 'object',
  properties: {
    tag: { type: 'string' },
    imageId: { type: 'string', description: 'config digest' },
    status: { type: 'string', enum: ['unscanned', 'scanning', 'clean', 'vulnerable', 'scan-failed'] },
    digest: { type: 'string' },
    mediaType: { type: 'string' },
    size: { type: 'integer', description: 'manifest + config + layers, bytes' },
    signature: { type: 'string', description: "'unsigned' until signing lands" },
    scan: ScanSummary,
    lastUpdated: { type: 'string' },
  },
  required: ['tag', 'status', 'digest', 'size', 'signature', 'lastUpdated'],
} as const

export const LayerDto = {
  type: 'object',
  properties: {
    index: { type: 'integer' },
    digest: { type: 'string' },
    diffId: { type: 'string' },
    size: { type: 'integer' },
    mediaType: { type: 'string' },
    createdBy: { type: 'string' },
    created: { type: 'string' },
  },
  required: ['index', 'diffId', 'size'],
} as const

export const TokenDto = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['viewer', 'developer', 'admin'] },
    createdAt: { type: 'string' },
    lastUsedAt: { type: 'string' },
    revoked: { type: 'boolean' },
  },
  required: ['id', 'name', 'role', 'createdAt', 'revoked'],
} as const

export const ExternalRegistryDto = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    host: { type: 'string' },
    insecure: { type: 'boolean' },
    hasCredentials: { type: 'boolean' },
    scheduleSeconds: { type: 'integer' },
    lastScanAt: { type: 'string' },
    createdAt: { type: 'string' },
  },
  required: ['id', 'url', 'host', 'insecure', 'hasCredentials', 'createdAt'],
} as const

/** The standard error responses of an authenticated route. */
export const AUTH_ERRORS = { 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse } as const

/** A repository name in a path: URL-encoded, since names contain slashes (`team%2Fapp`). */
export const RepoParam = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 512 } },
  required: ['name'],
} as const

export const RepoRefParams = {
  type: 'object',
  properties: { name: RepoParam.properties.name, ref: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['name', 'ref'],
} as const
