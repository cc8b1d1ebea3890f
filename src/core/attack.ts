/**
 * The seed's attacker matrix (SEED.md section 4) mapped to MITRE ATT&CK ids. Checks, rules and
 * policies reference a technique by its `id`; reports show the MITRE tactic and technique.
 * ref: https://attack.mitre.org/matrices/enterprise/containers/ and Microsoft's Threat Matrix for
 * Kubernetes (the seed's matrix follows it); MITRE ids are facts taken from attack.mitre.org.
 */
export const TACTICS = {
  'initial-access': 'TA0001',
  execution: 'TA0002',
  persistence: 'TA0003',
  'privilege-escalation': 'TA0004',
  'defense-evasion': 'TA0005',
  'credential-access': 'TA0006',
  discovery: 'TA0007',
  'lateral-movement': 'TA0008',
  impact: 'TA0040',
} as const
export type Tactic = keyof typeof TACTICS

/** One technique of the seed's matrix. */
export interface AttackTechnique {
  readonly id: string
  readonly tactic: Tactic
  /** The seed's own words. */
  readonly name: string
  /** MITRE ATT&CK technique id (sub-technique where one fits). */
  readonly mitre: string
  /** What Bulwark can observe it from: image, config, cluster, runtime, network. */
  readonly observedBy: readonly ('image' | 'config' | 'cluster' | 'runtime' | 'network' | 'audit-log')[]
}

const t = (
  id: string,
  tactic: Tactic,
  name: string,
  mitre: string,
  observedBy: AttackTechnique['observedBy'],
): AttackTechnique => ({ id, tactic, name, mitre, observedBy })

/** The catalogue, in the seed's order. */
export const ATTACK_MATRIX: readonly AttackTechnique[] = [
  t('cloud-access-key-leaked', 'initial-access', 'Cloud account access key (AK) leaked', 'T1078.004', ['image', 'config']),
  t('malicious-image', 'initial-access', 'Malicious image used', 'T1195.002', ['image']),
  t('k8s-api-unauthenticated', 'initial-access', 'Unauthenticated access to the K8s API server', 'T1133', ['cluster', 'network', 'audit-log']),
  t('kubeconfig-leaked', 'initial-access', 'K8s kubeconfig file leaked', 'T1078', ['image']),
  t('docker-daemon-exposed', 'initial-access', 'Docker daemon exposed to the public network', 'T1133', ['network', 'config']),
  t('app-vulnerability', 'initial-access', 'Vulnerability in an application inside a container', 'T1190', ['image']),
  t('master-ssh-credentials-leaked', 'initial-access', 'Master node SSH credentials leaked', 'T1078', ['image', 'runtime']),
  t('registry-exposed', 'initial-access', 'Private image registry exposed', 'T1133', ['network']),
  t('kubectl-exec', 'execution', 'Entering a container with kubectl exec', 'T1609', ['audit-log', 'runtime']),
  t('backdoor-container', 'execution', 'Creating a backdoor container', 'T1610', ['audit-log', 'runtime']),
  t('controller-backdoor-container', 'execution', 'Deploying a backdoor container through a K8s controller', 'T1610', ['audit-log', 'config']),
  t('service-account-commands', 'execution', 'Using a service account to connect to the API server and run commands', 'T1609', ['audit-log', 'runtime']),
  t('ssh-server-in-container', 'execution', 'A container running an SSH service', 'T1021.004', ['image', 'runtime']),
  t('cloudshell-commands', 'execution', "Issuing commands through a cloud vendor's CloudShell", 'T1059.009', []),
  t('remote-control-container', 'persistence', 'Deploying a remote-control container', 'T1543.005', ['audit-log', 'runtime']),
  t('host-write-via-mount', 'persistence', 'Writing files to the host through a mounted directory', 'T1611', ['config', 'runtime']),
  t('cronjob-persistence', 'persistence', 'K8s CronJob persistence', 'T1053.007', ['config', 'audit-log']),
  t('image-backdoor', 'persistence', 'Planting a backdoor in an image in the private registry', 'T1525', ['image']),
  t('privileged-container-escape', 'privilege-escalation', 'Escape through a privileged container', 'T1611', ['config', 'runtime']),
  t('rolebinding-escalation', 'privilege-escalation', 'Adding user permissions through a K8s RoleBinding', 'T1098.006', ['config', 'audit-log']),
  t('mounted-directory-escape', 'privilege-escalation', 'Escape through a mounted directory', 'T1611', ['config', 'runtime']),
  t('kernel-vulnerability-escape', 'privilege-escalation', 'Escape through a Linux kernel vulnerability', 'T1068', ['runtime']),
  t('docker-vulnerability-escape', 'privilege-escalation', 'Escape through a Docker vulnerability', 'T1068', ['image', 'runtime']),
  t('k8s-vulnerability-escalation', 'privilege-escalation', 'Privilege escalation through a K8s vulnerability', 'T1068', ['cluster']),
  t('docker-sock-escape', 'privilege-escalation', 'Escape through docker.sock inside a container', 'T1611', ['config', 'runtime']),
  t('capabilities-escape', 'privilege-escalation', 'Escape through Linux capabilities', 'T1611', ['config', 'runtime']),
  t('clear-logs', 'defense-evasion', 'Clearing container and host logs', 'T1070.002', ['runtime']),
  t('clear-k8s-audit-logs', 'defense-evasion', 'Clearing K8s audit logs', 'T1070', ['runtime', 'audit-log']),
  t('disguise-system-pod', 'defense-evasion', 'Disguising as a system pod', 'T1036.005', ['config', 'audit-log']),
  t('proxy-anonymous-network', 'defense-evasion', 'Reaching the K8s API server through a proxy or an anonymous network', 'T1090.003', ['audit-log', 'network']),
  t('remove-security-agent', 'defense-evasion', "Removing the security product's agent", 'T1562.001', ['audit-log', 'runtime']),
  t('k8s-secret-leaked', 'credential-access', 'K8s Secret leaked', 'T1552.007', ['config', 'audit-log']),
  t('cloud-key-leaked', 'credential-access', 'Cloud product access key leaked', 'T1552.001', ['image', 'runtime']),
  t('service-account-token-leaked', 'credential-access', 'K8s service account credentials leaked', 'T1528', ['config', 'runtime']),
  t('app-credentials-leaked', 'credential-access', 'Application-layer API credentials leaked', 'T1552.001', ['image', 'config']),
  t('access-k8s-api', 'discovery', 'Accessing the K8s API server', 'T1613', ['audit-log', 'network', 'runtime']),
  t('access-kubelet-api', 'discovery', 'Accessing the kubelet API', 'T1613', ['network', 'runtime']),
  t('network-scan', 'discovery', "Scanning the cluster's internal network", 'T1046', ['network', 'runtime']),
  t('access-dashboard-pod', 'discovery', 'Accessing the pod where the K8s dashboard runs', 'T1613', ['network']),
  t('access-private-registry', 'discovery', 'Accessing the private image registry', 'T1613', ['network']),
  t('access-cloud-apis', 'discovery', "Accessing the cloud vendor's service APIs", 'T1526', ['network', 'runtime']),
  t('access-nodeport', 'discovery', 'Accessing a service through a NodePort', 'T1046', ['network', 'config']),
  t('stolen-credentials-cloud', 'lateral-movement', 'Using stolen credentials against cloud services', 'T1078.004', ['network']),
  t('stolen-credentials-apps', 'lateral-movement', 'Using stolen credentials against other applications', 'T1078', ['network']),
  t('service-account-api-access', 'lateral-movement', 'Accessing the K8s API through a service account', 'T1550.001', ['audit-log', 'runtime']),
  t('cluster-network-penetration', 'lateral-movement', "Penetrating the cluster's internal network", 'T1210', ['network']),
  t('mount-escape-to-host', 'lateral-movement', 'Escaping to the host through a mounted directory', 'T1611', ['config', 'runtime']),
  t('access-dashboard', 'lateral-movement', 'Accessing the K8s dashboard', 'T1210', ['network', 'audit-log']),
  t('attack-addons', 'lateral-movement', 'Attacking third-party K8s add-ons', 'T1210', ['network']),
  t('destroy-data', 'impact', 'Destroying systems and data', 'T1485', ['runtime', 'audit-log']),
  t('resource-hijacking', 'impact', 'Hijacking resources (e.g. mining)', 'T1496', ['image', 'runtime', 'network']),
  t('ddos', 'impact', 'DDoS', 'T1498', ['network']),
  t('ransom-encryption', 'impact', 'Encryption for ransom', 'T1486', ['runtime']),
]

const BY_ID = new Map(ATTACK_MATRIX.map((x) => [x.id, x]))

/** Looks a technique up by its catalogue id; undefined for an unknown id. */
export function attackTechnique(id: string): AttackTechnique | undefined {
  return BY_ID.get(id)
}

/**
 * The `attack` field of a finding for a catalogue technique.
 * @example attackRef('docker-sock-escape') // { tactic: 'privilege-escalation', technique: 'T1611' }
 */
export function attackRef(id: string): { tactic: Tactic; technique: string } {
  const x = BY_ID.get(id)
  if (!x) throw new RangeError(`unknown ATT&CK catalogue id "${id}"`)
  return { tactic: x.tactic, technique: x.mitre }
}
