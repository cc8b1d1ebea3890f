import { describe, expect, it } from 'vitest'
import { parseManifests, type K8sObject } from '../k8s/index.js'
import { selects } from './checks/internal.js'
import { effectiveClusterRoleRules, rulesOf } from './rbac-rules.js'

describe('effectiveClusterRoleRules', () => {
  it('adds aggregated rules without changing the role\'s own rules', () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring
aggregationRule:
  clusterRoleSelectors:
    - matchLabels:
        rbac.example.com/aggregate-to-monitoring: "true"
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-endpoints
  labels:
    rbac.example.com/aggregate-to-monitoring: "true"
rules:
  - apiGroups: [""]
    resources: ["services", "endpoints"]
    verbs: ["list"]
`
    const objects = parseManifests(text, 'roles.yaml').objects
    const role = objects[0] as K8sObject

    expect(effectiveClusterRoleRules(role, objects, selects)).toHaveLength(2)
    expect(effectiveClusterRoleRules(role, objects, selects)).toHaveLength(2)
    expect(rulesOf(role)).toHaveLength(1)
  })
})
