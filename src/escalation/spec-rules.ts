import { rule, type SpecRule } from '../spec/rule.js';
import { parseDuration } from '../spec/duration.js';
import { didYouMean } from '../spec/suggest.js';
import { escalations } from './escalation.js';

/** `escalate:` on custom rules and routes. */
export const escalationRules: SpecRule[] = [
  rule('escalate-recording-rule', ({ spec }, r) => {
    (spec.alerts?.rules ?? []).forEach((x, i) => {
      if (x.record !== undefined && x.escalate)
        r.report(['alerts', 'rules', i, 'escalate'], `only alerting rules escalate; ${x.record} is a recording rule`, {
          key: true,
        });
    });
  }),

  rule('escalate-tiers', ({ spec }, r) => {
    const receivers = (spec.notifications?.receivers ?? []).map((x) => x.name);
    for (const e of escalations(spec)) {
      let previous = 0;
      e.tiers.forEach((t, i) => {
        if (!receivers.includes(t.receiver))
          r.report(
            [...e.source, i, 'receiver'],
            `no receiver named "${t.receiver}"${didYouMean(t.receiver, receivers)}`,
            {
              hint: receivers.length ? `receivers are: ${receivers.join(', ')}` : 'add it to notifications.receivers',
            },
          );
        const ms = parseDuration(t.after) ?? 0;
        if (ms < 60_000)
          r.report([...e.source, i, 'after'], `escalating after ${t.after} is below a minute: write 1m or more`);
        else if (ms <= previous)
          r.report(
            [...e.source, i, 'after'],
            `tier ${i + 1} escalates after ${t.after}, not later than tier ${i}: list tiers from the first to the last`,
          );
        previous = Math.max(previous, ms);
      });
    }
  }),
];
