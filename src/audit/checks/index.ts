import type { Check } from '../check.js'
import { livenessEqualsReadiness, livenessProbeMissing, readinessProbeMissing } from './health.js'
import { automountToken, hostIpc, hostNetwork, hostPid, hostPort, runtimeSocket, secretInEnv, sensitiveHostPath } from './host.js'
import { imageNotPinned, imagePullPolicy, imageTagLatest, registryAllowList } from './images.js'
import { externalIps, ingressTls, namespaceDefaultDeny, noNetworkPolicy, serviceExposure } from './network.js'
import { pssBaseline, pssEnforceRejects, pssRestricted } from './pss.js'
import { clusterAdminBinding, csrApproval, escalateBind, nodesProxy, podCreate, podExec, publicSubjects, rbacWildcard, saToken, secretsRead } from './rbac.js'
import { cpuLimits, cpuRequests, ephemeralStorage, memoryLimits, memoryRequests, namespaceLimitRange, namespaceQuota } from './resources.js'
import {
  allowPrivilegeEscalation, apparmorUnconfined, capabilitiesNotDropped, dangerousCapabilities, privilegedContainer,
  procMount, readOnlyRootFilesystem, runAsRoot, seccompProfile, unsafeSysctls,
} from './security.js'

/** The built-in check catalogue: the ONLY place checks are listed. */
export const checks: readonly Check[] = [
  privilegedContainer, allowPrivilegeEscalation, runAsRoot, readOnlyRootFilesystem, dangerousCapabilities,
  capabilitiesNotDropped, seccompProfile, apparmorUnconfined, hostPid, hostIpc, hostNetwork, hostPort, procMount,
  unsafeSysctls, automountToken, sensitiveHostPath, runtimeSocket, secretInEnv,
  livenessProbeMissing, readinessProbeMissing, livenessEqualsReadiness,
  cpuRequests, cpuLimits, memoryRequests, memoryLimits, ephemeralStorage, namespaceLimitRange, namespaceQuota,
  noNetworkPolicy, namespaceDefaultDeny, serviceExposure, externalIps, ingressTls,
  imageTagLatest, imageNotPinned, imagePullPolicy, registryAllowList,
  rbacWildcard, clusterAdminBinding, publicSubjects, secretsRead, podExec, podCreate, escalateBind, nodesProxy, saToken, csrApproval,
  pssBaseline, pssRestricted, pssEnforceRejects,
]
