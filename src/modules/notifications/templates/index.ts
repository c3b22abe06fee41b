import { renderDeadlineReminder } from './deadline-reminder.template';
import { renderSupervisionNotice } from './supervision-notice.template';
import type { RenderContext, RenderedMessage, TemplateName, TemplateVars } from './template-types';
import { renderUrgingNotice } from './urging-notice.template';

export * from './template-types';
export { renderHtml } from './format';

const RENDERERS: Record<TemplateName, (vars: TemplateVars, ctx: RenderContext) => RenderedMessage> =
  {
    'deadline-reminder': renderDeadlineReminder,
    'urging-notice': renderUrgingNotice,
    'supervision-notice': renderSupervisionNotice,
  };

/** Renders a Simplified Chinese message (subject, text and HTML) from a template and its variables. */
export function renderTemplate(
  name: TemplateName,
  vars: TemplateVars,
  ctx: RenderContext,
): RenderedMessage {
  const render = RENDERERS[name];
  if (!render) throw new Error(`Unknown notification template: ${String(name)}`);
  return render(vars, ctx);
}
