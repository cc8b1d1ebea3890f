import { describe, expect, it } from 'vitest'
import { fromFileName, fromManifest, fromPomProperties } from './identify.js'
import { manifestValue, parseManifest } from './parse-manifest.js'
import { parseProperties } from './parse-properties.js'

describe('parseManifest', () => {
  it('joins continuation lines, keeps named sections, matches names case-insensitively', () => {
    const m = parseManifest(
      'Manifest-Version: 1.0\r\nExport-Package: org.a,org.\r\n b\r\n\r\nName: org/x\r\nimplementation-version: 2.0\r\n\r\n',
    )

    expect(manifestValue(m, 'Export-Package')).toBe('org.a,org.b')
    expect(manifestValue(m, 'Implementation-Version')).toBe('2.0')
    expect(m.sections).toHaveLength(1)
  })
})

describe('parseProperties', () => {
  it('reads =, : and space separators, comments, continuations and escapes', () => {
    const p = parseProperties(
      '#Created by Apache Maven 3.6.3\n! comment\ngroupId=org.x\nartifactId : a\\\n  b\nversion 1.0\nname=caf\\u00e9\n',
    )

    expect([...p]).toEqual([
      ['groupId', 'org.x'],
      ['artifactId', 'ab'],
      ['version', '1.0'],
      ['name', 'café'],
    ])
  })
})

describe('identify', () => {
  it.each([
    {
      name: 'pom.properties',
      got: fromPomProperties(
        new Map([
          ['groupId', 'org.slf4j'],
          ['artifactId', 'slf4j-nop'],
          ['version', '1.7.32'],
        ]),
        'x',
        'y',
      ),
      want: ['org.slf4j', 'slf4j-nop', '1.7.32', 'pom.properties'],
    },
    {
      name: 'pom.properties, ids from its path',
      got: fromPomProperties(new Map([['version', '3']]), 'com.acme', 'widget'),
      want: ['com.acme', 'widget', '3', 'pom.properties'],
    },
    {
      name: 'manifest with Implementation-Vendor-Id',
      got: fromManifest(
        parseManifest(
          'Implementation-Title: core\nImplementation-Version: 5.1\nImplementation-Vendor-Id: com.acme\n',
        ),
        'core.jar',
      ),
      want: ['com.acme', 'core', '5.1', 'manifest'],
    },
    {
      name: 'manifest title with spaces: the file name names it',
      got: fromManifest(
        parseManifest(
          'Implementation-Title: Apache Commons Lang\nImplementation-Version: 3.12.0\nBundle-SymbolicName: org.apache.commons.lang3\n',
        ),
        'commons-lang3-3.12.0.jar',
      ),
      want: ['commons-lang3', 'commons-lang3', '3.12.0', 'manifest'],
    },
    {
      name: 'manifest with only OSGi headers, file name not an id',
      got: fromManifest(
        parseManifest('Bundle-SymbolicName: javax.inject;singleton:=true\nBundle-Version: 1.0.0\n'),
        'inject (1).jar',
      ),
      want: ['javax.inject', 'javax.inject', '1.0.0', 'manifest'],
    },
    {
      name: 'Jenkins plugin manifest (Group-Id)',
      got: fromManifest(
        parseManifest(
          'Group-Id: org.jenkins-ci.plugins\nShort-Name: git\nImplementation-Title: git\nImplementation-Version: 4.11.0\n',
        ),
        'git.hpi',
      ),
      want: ['org.jenkins-ci.plugins', 'git', '4.11.0', 'manifest'],
    },
    {
      name: 'manifest with an OSGi name, file name without a version',
      got: fromManifest(
        parseManifest('Bundle-SymbolicName: com.google.inject.tools.jmx\nBundle-Version: 4.2.3\n'),
        'guice-jmx.jar',
      ),
      want: ['guice-jmx', 'guice-jmx', '4.2.3', 'manifest'],
    },
    {
      name: 'manifest without a version',
      got: fromManifest(parseManifest('Implementation-Title: x\n'), 'x.jar'),
      want: undefined,
    },
    {
      name: 'file name with a classifier',
      got: fromFileName('guava-31.1-jre.jar'),
      want: ['guava', 'guava', '31.1-jre', 'filename'],
    },
    {
      name: 'file name with a version in the name',
      got: fromFileName('log4j-1.2-1.2.17.jar'),
      want: ['log4j-1.2', 'log4j-1.2', '1.2.17', 'filename'],
    },
    {
      name: 'snapshot',
      got: fromFileName('app-1.0-SNAPSHOT.war'),
      want: ['app', 'app', '1.0-SNAPSHOT', 'filename'],
    },
    { name: 'file name without a version', got: fromFileName('app.jar'), want: undefined },
  ])('$name', ({ got, want }) => {
    expect(got ? [got.groupId, got.artifactId, got.version, got.evidence] : undefined).toEqual(want)
  })
})
