// Starter templates for the agent builder (agents.templates). A downstream config lists its
// own under `agentStarterTemplates` (the config loader already checked their references);
// when it sets none, the host offers the upstream examples below. The examples are written
// against the upstream catalog, so their tool and skill ids are narrowed to what the effective
// config actually has: a template never pre-selects something agents.save would refuse.
import type { AgentStarterTemplate, OpenCoworkConfig } from '@open-cowork/config';
import type { AgentTemplate } from '@open-cowork/contracts';

type Example = Omit<AgentTemplate, 'source'>;

/** The upstream examples: three common roles, plain enough to edit into something specific. */
export const EXAMPLE_TEMPLATES: readonly Example[] = [
  {
    id: 'researcher',
    label: 'Researcher',
    description: 'Looks things up before answering and reports what it found, with sources.',
    color: 'info',
    instructions:
      'Before you answer, search the workspace and any knowledge tools you have. Quote or link the source of every fact you use, say plainly when you could not find something, and keep your own conclusions apart from what the sources say. End with the open questions.',
    toolIds: ['knowledge', 'files'],
    skillNames: ['research-brief'],
    temperature: 0.3,
    steps: 40,
  },
  {
    id: 'writer',
    label: 'Writer',
    description: 'Drafts and edits documents in a clear, plain style.',
    color: 'accent',
    instructions:
      'Ask who the text is for and what it must achieve if that is not clear. Write short sentences in plain words, put the main point first, and keep the structure visible with headings and lists. When you edit, keep the author\'s voice and explain your larger changes.',
    toolIds: ['files'],
    temperature: 0.7,
    steps: 20,
  },
  {
    id: 'analyst',
    label: 'Analyst',
    description: 'Works through data step by step and explains the results with charts.',
    color: 'success',
    instructions:
      'Look at the data before drawing conclusions: its size, its columns, missing or odd values. State every assumption, show the numbers behind each claim, and present the key results as charts or tables with a one-line takeaway each.',
    toolIds: ['files', 'charts'],
    skillNames: ['data-analysis'],
    temperature: 0.2,
    steps: 40,
  },
];

/** The templates the builder shows for this config. */
export function agentTemplates(config: OpenCoworkConfig): AgentTemplate[] {
  const configured = config.agentStarterTemplates;
  if (configured !== undefined) return configured.map(fromConfig);
  const tools = new Set((config.tools ?? []).map((tool) => tool.id));
  const skills = new Set((config.skills ?? []).map((skill) => skill.name));
  return EXAMPLE_TEMPLATES.map((example) => {
    const template: AgentTemplate = { ...example, source: 'example' };
    const toolIds = example.toolIds?.filter((id) => tools.has(id)) ?? [];
    const skillNames = example.skillNames?.filter((name) => skills.has(name)) ?? [];
    delete template.toolIds;
    delete template.skillNames;
    return {
      ...template,
      ...(toolIds.length > 0 ? { toolIds } : {}),
      ...(skillNames.length > 0 ? { skillNames } : {}),
    };
  });
}

function fromConfig(template: AgentStarterTemplate): AgentTemplate {
  return {
    id: template.id,
    source: 'configured',
    label: template.label,
    ...(template.description ? { description: template.description } : {}),
    ...(template.color === undefined ? {} : { color: template.color }),
    ...(template.instructions ? { instructions: template.instructions } : {}),
    ...(template.toolIds === undefined ? {} : { toolIds: [...template.toolIds] }),
    ...(template.skillNames === undefined ? {} : { skillNames: [...template.skillNames] }),
    ...(template.model === undefined ? {} : { model: template.model }),
    ...(template.temperature === undefined ? {} : { temperature: template.temperature }),
    ...(template.steps === undefined ? {} : { steps: template.steps }),
  };
}
