import { EVENT_CATALOG } from '@herald/domain';

/** The event names a filter can use, for people who do not know them by heart. */
export function EventGlossary() {
  return (
    <details className="glossary">
      <summary>Event types you can filter on</summary>
      <p>
        Patterns may use <code>*</code> and <code>?</code>, e.g. <code>environment.variable.*</code>
        .
      </p>
      <dl>
        {Object.entries(EVENT_CATALOG).map(([event, description]) => (
          <div key={event}>
            <dt>
              <code>{event}</code>
            </dt>
            <dd>{description}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
