import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseManifests, type K8sObject } from '../k8s/index.js'
import { objectName, runAudit } from './engine.js'
import { computeScores } from './scores.js'

const TESTDATA = join(import.meta.dirname, '../../test/k8s/testdata')

function load(dir: string): K8sObject[] {
  return readdirSync(join(TESTDATA, dir)).flatMap((f) => parseManifests(readFileSync(join(TESTDATA, dir, f), 'utf8'), f).objects)
}

const SUPPRESSED = `apiVersion: v1
kind: Pod
metadata:
  name: quiet
  annotations:
    bulwark.dev/ignore: K8S-003,seccomp-profile
    bulwark.dev/ignore-reason: tested elsewhere
spec:
  containers:
    - name: app
      image: nginx
`

describe('runAudit', () => {
  it('scores objects from their unsuppressed findings, as computeScores does', () => {
    const objects = [...load('kube-score'), ...load('polaris/hostIPCSet'), ...parseManifests(SUPPRESSED, 'quiet.yaml').objects]
    // the same object twice: its findings count against one name
    const twice = [...objects, ...objects.slice(0, 3)]

    const r = runAudit({ objects: twice, toolVersion: 'test' })

    expect(r.findings.some((f) => f.suppressed)).toBe(true)
    expect(Object.keys(r.scores.objects)).toEqual(expect.arrayContaining(objects.filter((o) => o.kind === 'Pod').map(objectName)))
    expect(r.scores).toEqual(computeScores(Object.keys(r.scores.objects), r.findings))
  })

  it('counts passes and failures per check', () => {
    const r = runAudit({ objects: parseManifests(SUPPRESSED, 'quiet.yaml').objects, toolVersion: 'test' })
    const byId = new Map(r.summaries.map((s) => [s.id, s.counts]))

    expect(byId.get('K8S-001')).toEqual({ pass: 1, fail: 0, warn: 0, skip: 0, error: 0 })
    expect(byId.get('K8S-003')).toEqual({ pass: 0, fail: 1, warn: 0, skip: 0, error: 0 })
    expect(r.findings.find((f) => f.id === 'K8S-003')?.suppressed?.reason).toBe('tested elsewhere')
  })

  it('locates every finding with a pointer on the line of its field', () => {
    const r = runAudit({ objects: parseManifests(SUPPRESSED, 'quiet.yaml').objects, toolVersion: 'test' })

    expect(r.findings.find((f) => f.id === 'K8S-040')?.location).toEqual({ path: 'quiet.yaml', startLine: 11, pointer: 'spec.containers[0].image' })
    expect(r.findings.find((f) => f.id === 'K8S-020')?.location).toEqual({ path: 'quiet.yaml', startLine: 10, pointer: 'spec.containers[0]' })
  })
})
