import { describe, expect, it } from 'vitest'
import type { Placement } from '@/api/types'
import { installBackend } from '@/test/backend'
import { PLACEMENT } from '@/test/fixtures/placements'
import { allByTestId, byTestId, mountWithApp, settle, waitFor } from '@/test/mount'
import EvidenceList from './EvidenceList.vue'

const BASE: Placement = {
  ...PLACEMENT,
  id: 'pl1',
  evidence: [{ sha256: 'aa11', name: '实习证明.pdf', kind: '实习证明', size: 2048, added_at: '2025-06-01T08:00:00Z' }],
}

describe('EvidenceList', () => {
  it('lists the files and sends a picked file with its kind, base64-encoded', async () => {
    const backend = installBackend({
      placement_attach_file: ({ id, name, kind }) => ({
        ...BASE,
        id,
        evidence: [...BASE.evidence, { sha256: 'bb22', name, kind, size: 5, added_at: '2025-06-02T08:00:00Z' }],
      }),
    })
    const { wrapper } = await mountWithApp(EvidenceList, { props: { placement: BASE } })

    expect(allByTestId('evidence-name').map((e) => e.textContent)).toEqual(['实习证明.pdf'])
    expect(byTestId('evidence-row')!.textContent).toContain('2 KB')

    const input = byTestId<HTMLInputElement>('evidence-file')!
    const file = new File(['hello'], '劳动合同.pdf', { type: 'application/pdf' })
    Object.defineProperty(input, 'files', { value: [file], configurable: true })
    input.dispatchEvent(new Event('change'))
    await waitFor(() => backend.argsOf('placement_attach_file').length === 1)
    await settle()

    expect(backend.argsOf('placement_attach_file')).toEqual([
      { id: 'pl1', name: '劳动合同.pdf', contentBase64: btoa('hello'), kind: '劳动合同' },
    ])
    const changed = wrapper.emitted('changed') as Placement[][]
    expect(changed[0][0].evidence.map((e) => e.name)).toEqual(['实习证明.pdf', '劳动合同.pdf'])
  })

  it('takes a file off the placement', async () => {
    const backend = installBackend({ placement_detach: ({ id }) => ({ ...BASE, id, evidence: [] }) })
    const { wrapper } = await mountWithApp(EvidenceList, { props: { placement: BASE } })
    byTestId('evidence-remove')!.click()
    await settle()
    expect(backend.argsOf('placement_detach')).toEqual([{ id: 'pl1', sha256: 'aa11' }])
    expect((wrapper.emitted('changed') as Placement[][])[0][0].evidence).toEqual([])
  })
})
