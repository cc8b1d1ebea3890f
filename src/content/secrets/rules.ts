import { COMMON_PLACEHOLDER, defineSecretRule, type SecretRule } from './rule.js'

// Token formats are the vendors' documented shapes; the regexes are written here, not copied.
// ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
// ref: https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
// ref: https://docs.gitlab.com/ee/security/tokens/#token-prefixes
// ref: https://api.slack.com/authentication/token-types
// ref: https://docs.stripe.com/keys
// ref: https://docs.npmjs.com/about-access-tokens
// ref: https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair
// ref: https://learn.microsoft.com/en-us/azure/storage/common/storage-configure-connection-string
// ref: https://datatracker.ietf.org/doc/html/rfc7519 (JWT), https://datatracker.ietf.org/doc/html/rfc7468 (PEM)

const ROTATE = 'Revoke and rotate the credential, remove it from every layer (rebuild; deleting it in a later layer leaves it in the image) and pass it at run time as a mounted secret.'

const awsAccessKeyId = defineSecretRule({
  id: 'aws-access-key-id', title: 'AWS access key ID', severity: 'critical', attack: 'cloud-key-leaked',
  keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
  regex: /(?<![A-Za-z0-9])(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])/g,
  minEntropy: 3, remediation: ROTATE,
})

const awsSecretAccessKey = defineSecretRule({
  id: 'aws-secret-access-key', title: 'AWS secret access key', severity: 'critical', attack: 'cloud-key-leaked',
  keywords: ['aws_secret', 'AWS_SECRET', 'SecretAccessKey', 'secret_access_key', 'SECRET_ACCESS_KEY', 'secretAccessKey'],
  regex: /(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
  minEntropy: 3.5, remediation: ROTATE,
})

const privateKey = defineSecretRule({
  id: 'private-key', title: 'Private key', severity: 'high', attack: 'app-credentials-leaked',
  keywords: ['PRIVATE KEY'],
  regex: /-----BEGIN (?<label>(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----(?<secret>[A-Za-z0-9+/=\s\\:,.()-]{64,16384}?)-----END \k<label>-----/g,
  remediation: 'Remove the key from the image, revoke it, and mount keys at run time.',
})

const githubToken = defineSecretRule({
  id: 'github-token', title: 'GitHub token', severity: 'critical', attack: 'app-credentials-leaked',
  keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  regex: /(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/g,
  minEntropy: 3, remediation: ROTATE,
})

const gitlabToken = defineSecretRule({
  id: 'gitlab-token', title: 'GitLab personal access token', severity: 'critical', attack: 'app-credentials-leaked',
  keywords: ['glpat-'],
  regex: /(?<![A-Za-z0-9_-])(?<secret>glpat-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/g,
  minEntropy: 3, remediation: ROTATE,
})

const slackToken = defineSecretRule({
  id: 'slack-token', title: 'Slack token', severity: 'high', attack: 'app-credentials-leaked',
  keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-'],
  regex: /(?<![A-Za-z0-9-])(?<secret>xox[abeprs]-(?:[0-9]+-){1,3}[A-Za-z0-9]{16,})(?![A-Za-z0-9-])/g,
  minEntropy: 3, remediation: ROTATE,
})

const slackWebhook = defineSecretRule({
  id: 'slack-webhook', title: 'Slack incoming webhook URL', severity: 'medium', attack: 'app-credentials-leaked',
  keywords: ['hooks.slack.com'],
  regex: /https:\/\/hooks\.slack\.com\/services\/(?<secret>T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,})/g,
  remediation: ROTATE,
})

const stripeLive = defineSecretRule({
  id: 'stripe-live-key', title: 'Stripe live secret key', severity: 'critical', attack: 'app-credentials-leaked',
  keywords: ['sk_live_', 'rk_live_'],
  regex: /(?<![A-Za-z0-9_])(?<secret>[rs]k_live_[A-Za-z0-9]{24,99})(?![A-Za-z0-9_])/g,
  minEntropy: 3, remediation: ROTATE,
})

const stripeTest = defineSecretRule({
  id: 'stripe-test-key', title: 'Stripe test secret key', severity: 'low', attack: 'app-credentials-leaked',
  keywords: ['sk_test_', 'rk_test_'],
  regex: /(?<![A-Za-z0-9_])(?<secret>[rs]k_test_[A-Za-z0-9]{24,99})(?![A-Za-z0-9_])/g,
  minEntropy: 3, remediation: ROTATE,
})

const npmToken = defineSecretRule({
  id: 'npm-token', title: 'npm access token', severity: 'critical', attack: 'app-credentials-leaked',
  keywords: ['npm_'],
  regex: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
  minEntropy: 3, remediation: ROTATE,
})

const alibabaKeyId = defineSecretRule({
  id: 'alibaba-access-key-id', title: 'Alibaba Cloud AccessKey ID', severity: 'critical', attack: 'cloud-key-leaked',
  keywords: ['LTAI'],
  regex: /(?<![A-Za-z0-9])(?<secret>LTAI[A-Za-z0-9]{12,20})(?![A-Za-z0-9])/g,
  minEntropy: 3, remediation: ROTATE,
})

const alibabaSecret = defineSecretRule({
  id: 'alibaba-access-key-secret', title: 'Alibaba Cloud AccessKey secret', severity: 'critical', attack: 'cloud-key-leaked',
  keywords: ['AccessKeySecret', 'access_key_secret', 'ACCESS_KEY_SECRET', 'accessKeySecret', 'ALIBABA_CLOUD', 'ALIYUN'],
  regex: /(?:access_?key_?secret|(?:alibaba_?cloud|aliyun)_?[a-z_]*secret)["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9]{30})(?![A-Za-z0-9])/gi,
  minEntropy: 3.5, remediation: ROTATE,
})

const gcpServiceAccount = defineSecretRule({
  id: 'gcp-service-account', title: 'Google Cloud service-account key (JSON)', severity: 'critical', attack: 'cloud-key-leaked',
  keywords: ['"private_key_id"'], context: ['service_account', '"private_key"'],
  regex: /"private_key_id"\s*:\s*"(?<secret>[a-f0-9]{40})"/g,
  supersedes: ['private-key'], remediation: ROTATE,
})

const azureStorage = defineSecretRule({
  id: 'azure-storage-key', title: 'Azure storage account key (connection string)', severity: 'critical', attack: 'cloud-key-leaked',
  keywords: ['AccountKey='],
  regex: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
  remediation: ROTATE,
})

const jwt = defineSecretRule({
  id: 'jwt', title: 'JSON Web Token', severity: 'medium', attack: 'app-credentials-leaked',
  keywords: ['eyJ'],
  regex: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g,
  remediation: 'Remove the token; tokens embedded in images outlive their purpose.',
})

const kubeconfig = defineSecretRule({
  id: 'kubeconfig-credentials', title: 'Kubernetes kubeconfig with credentials', severity: 'critical', attack: 'kubeconfig-leaked',
  keywords: ['token:', 'client-key-data:', 'password:'], context: ['clusters:', 'users:'],
  regex: /^[ \t-]*(?:token|client-key-data|password):[ \t]*["']?(?<secret>[A-Za-z0-9._~+/=:-]{12,})/gm,
  placeholder: COMMON_PLACEHOLDER, supersedes: ['jwt'],
  remediation: 'Remove the kubeconfig from the image and revoke its credentials; give workloads a service account instead.',
})

const dockerConfig = defineSecretRule({
  id: 'docker-config-auth', title: 'Registry credentials in a Docker config.json', severity: 'high', attack: 'app-credentials-leaked',
  keywords: ['"auth"', '"identitytoken"'], context: ['"auths"'],
  regex: /"(?:auth|identitytoken)"\s*:\s*"(?<secret>[A-Za-z0-9+/=._-]{8,})"/g,
  remediation: 'Do not copy ~/.docker/config.json into images; log in at run time or use a credential helper.',
})

const npmrc = defineSecretRule({
  id: 'npmrc-auth', title: 'npm registry credentials in .npmrc', severity: 'high', attack: 'app-credentials-leaked',
  keywords: ['_authToken', '_auth', '_password'], path: /(?:^|\/)\.?npmrc$/,
  regex: /(?:_authToken|_auth|_password)\s*=\s*["']?(?<secret>[^\s"']{8,})/g,
  placeholder: COMMON_PLACEHOLDER, supersedes: ['npm-token'],
  remediation: 'Use a build secret (RUN --mount=type=secret) for .npmrc instead of copying it into a layer.',
})

const pypirc = defineSecretRule({
  id: 'pypirc-password', title: 'Package index password in .pypirc', severity: 'high', attack: 'app-credentials-leaked',
  keywords: ['password'], path: /(?:^|\/)\.pypirc$/,
  regex: /^[ \t]*password[ \t]*[:=][ \t]*(?<secret>\S{6,})/gm,
  placeholder: COMMON_PLACEHOLDER,
  remediation: 'Remove .pypirc from the image; use a build secret or an API token passed at run time.',
})

const gitCredentials = defineSecretRule({
  id: 'git-credentials', title: 'Git credentials store', severity: 'high', attack: 'app-credentials-leaked',
  keywords: ['://'], path: /(?:^|\/)\.git-credentials$/,
  regex: /https?:\/\/[^:\s/@]+:(?<secret>[^@\s]{4,})@/g,
  placeholder: COMMON_PLACEHOLDER, supersedes: ['github-token', 'gitlab-token'],
  remediation: 'Remove .git-credentials from the image and revoke the credentials.',
})

const databaseUrl = defineSecretRule({
  id: 'database-url-password', title: 'Database URL with a password', severity: 'high', attack: 'app-credentials-leaked',
  keywords: ['postgres://', 'postgresql://', 'mysql://', 'mariadb://', 'mongodb://', 'mongodb+srv://', 'redis://', 'rediss://', 'amqp://', 'amqps://', 'mssql://', 'sqlserver://'],
  regex: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver):\/\/[^:\s/@'"]*:(?<secret>[^@\s'"/]{4,})@[A-Za-z0-9.[\]-]+/g,
  placeholder: COMMON_PLACEHOLDER, minEntropy: 2,
  remediation: 'Take the password out of the URL and pass it at run time (a mounted secret or the environment of the deployment).',
})

/** Every built-in secret rule: the ONLY list (registry test in secrets/rules.test.ts). */
export const SECRET_RULES: readonly SecretRule[] = [
  awsAccessKeyId,
  awsSecretAccessKey,
  gcpServiceAccount,
  privateKey,
  githubToken,
  gitlabToken,
  slackToken,
  slackWebhook,
  stripeLive,
  stripeTest,
  npmToken,
  alibabaKeyId,
  alibabaSecret,
  azureStorage,
  jwt,
  kubeconfig,
  dockerConfig,
  npmrc,
  pypirc,
  gitCredentials,
  databaseUrl,
]
