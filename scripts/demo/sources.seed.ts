/**
 * The demo's work from every source besides the plan (DESIGN.md "Where work comes from"), created
 * the way the office would: through the API as the demo supervisor. Each item reaches its
 * departments with a numbered assignment notice (交办通知) and waits for their acknowledgement (签收).
 */
export interface DemoSources {
  lines: string[];
  /** The instruction's task, left unacknowledged so that its urging shows. */
  instructionTaskId: string;
}

interface Created {
  planId: string;
  taskIds: string[];
}

export async function seedDemoSources(
  baseUrl: string,
  opts: {
    password: string;
    dueOn: (workingDays: number) => string;
    today: string;
    pendingLiaison: string;
  },
): Promise<DemoSources> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor', password: opts.password }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown): Promise<Created> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`demo: POST ${path} → HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as Created;
  };
  const leaders = (await (
    await fetch(`${baseUrl}/api/v1/work-items/leaders`, { headers })
  ).json()) as { id: string; name: string }[];
  const leader = leaders[0];
  if (!leader) throw new Error('demo: no leader to give the instruction');

  const single = await post('/work-items/single', {
    title: '养老服务设施建设专项督查',
    text: '对全省新建居住区配套养老服务设施落实情况开展专项督查,形成督查报告。',
    lead: ['省民政厅'],
    support: ['省住房城乡建设厅'],
    dueOn: opts.dueOn(10),
  });
  const instruction = await post('/work-items/instruction', {
    leaderId: leader.id,
    issuedOn: opts.today,
    title: '关于提高城乡低保标准的批示',
    text: '请省民政厅牵头,会同省财政厅抓紧研究提高城乡低保标准的具体方案,两周内报我。',
    lead: ['省民政厅'],
    support: ['省财政厅'],
    dueOn: opts.dueOn(10),
  });
  const meeting = await post('/work-items/meeting', {
    title: '省政府第十二次常务会议',
    issuedOn: opts.today,
    documentNumber: '省政府常务会议纪要〔2026〕12号',
    items: [
      {
        text: '加快推进城乡居民基本养老保险制度全覆盖,年底前完成参保扩面任务。',
        lead: ['省人力资源社会保障厅'],
        support: ['省财政厅'],
        dueOn: opts.dueOn(15),
      },
      {
        text: '抓紧制定农村留守老人关爱服务实施意见。',
        lead: ['省民政厅'],
        dueOn: opts.dueOn(20),
      },
      {
        text: '持续推进老年教育机构建设,按季度报送进展。',
        lead: ['省教育厅'],
        ongoing: true,
      },
    ],
  });
  const matters = [
    [
      'HIGHER',
      '国办督函〔2026〕15号',
      '落实国务院办公厅关于养老服务体系建设督查反馈问题的整改工作。',
    ],
    ['NPC_PROPOSAL', '第0123号建议', '关于加大农村养老服务设施投入的建议,按期答复代表。'],
    ['CPPCC_PROPOSAL', '第0456号提案', '关于发展社区居家养老服务的提案,按期答复委员。'],
  ] as const;
  const created: Created[] = [];
  for (const [source, documentNumber, text] of matters) {
    created.push(
      await post('/work-items/matter', {
        source,
        documentNumber,
        text,
        lead: ['省民政厅'],
        dueOn: opts.dueOn(12),
        issuedOn: opts.today,
      }),
    );
  }
  const count = [single, instruction, meeting, ...created].reduce(
    (n, c) => n + c.taskIds.length,
    0,
  );
  return {
    instructionTaskId: instruction.taskIds[0]!,
    lines: [
      `Other sources (created by the supervisor through the API; ${count} tasks, each with a 交办通知 交〔年〕N号):`,
      '  单项督办 养老服务设施建设专项督查; 领导批示件 关于提高城乡低保标准的批示 (reviewed by the leader at closure);',
      '  会议议定事项 省政府第十二次常务会议 (three decisions); 上级交办 国办督函〔2026〕15号;',
      '  人大建议 第0123号建议; 政协提案 第0456号提案 (the reply is the closure evidence).',
      `  Web: ${baseUrl}/ as supervisor → 新建督办事项 (a form per source, Excel template), 签收情况, 待我审核;`,
      `  as ${opts.pendingLiaison} (省财政厅) → 我的任务 starts with 待签收 (签收 / 退回).`,
    ],
  };
}
