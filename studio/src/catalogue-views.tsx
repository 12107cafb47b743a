// The services view (alias → flow → meeting flows, never a PIN) and the prompts view (every prompt
// per theme and language: text, duration, play, and what `foyer check` says of it).
import { useState } from 'react';
import { formatProblem, type PromptsView, type ServicesView } from './api.js';
import { playAll } from './play.js';

export function ServicesPanel({ services, onOpen }: { services: ServicesView | null; onOpen: (flow: string) => void }) {
  if (!services) return <p className="loading">Loading services…</p>;
  return (
    <div className="table-view">
      <h2>Services in {services.file}</h2>
      <Problems list={services.problems.map(formatProblem)} />
      <table data-view="services">
        <thead>
          <tr>
            <th>Service</th>
            <th>Type</th>
            <th>Aliases</th>
            <th>Flow</th>
            <th>Meeting flows</th>
            <th>PINs</th>
            <th>Theme / language</th>
          </tr>
        </thead>
        <tbody>
          {services.services.map((service) => (
            <tr key={service.name} data-service={service.name}>
              <td>{service.name}</td>
              <td>{service.type}</td>
              <td>{service.aliases.join(', ')}</td>
              <td>
                <button className="link" data-open-flow={service.flow} onClick={() => onOpen(service.flow)}>
                  {service.flow}
                </button>
              </td>
              <td>
                {service.meetingFlows.length === 0
                  ? '—'
                  : service.meetingFlows.map((flow) => (
                      <button key={flow} className="link" data-open-flow={flow} onClick={() => onOpen(flow)}>
                        {flow}
                      </button>
                    ))}
              </td>
              <td>{pins(service)}</td>
              <td>
                {service.theme ?? 'default'} / {service.language ?? 'default'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function pins(service: ServicesView['services'][number]): string {
  if (service.type === 'reception') return '—';
  const parts = [service.hostPinSet ? 'host PIN set' : 'no PIN'];
  if (service.guestPinSet) parts.push('guest PIN set');
  else if (service.allowGuests) parts.push('guests press #');
  return parts.join(', ');
}

export function PromptsPanel({ prompts }: { prompts: PromptsView | null }) {
  const [filter, setFilter] = useState('');
  if (!prompts) return <p className="loading">Loading prompts…</p>;
  const wanted = filter.trim().toLowerCase();
  return (
    <div className="table-view">
      <h2>Prompts</h2>
      <input placeholder="Filter by id or text" value={filter} onChange={(event) => setFilter(event.target.value)} />
      <Problems list={prompts.problems.map(formatProblem)} />
      {prompts.catalogues.map((catalogue) => (
        <section key={`${catalogue.theme}/${catalogue.language}`}>
          <h3>
            {catalogue.theme} / {catalogue.language} <small>{catalogue.file}</small>
          </h3>
          <table data-view="prompts" data-theme={catalogue.theme} data-language={catalogue.language}>
            <tbody>
              {catalogue.prompts
                .filter((prompt) => !wanted || prompt.id.includes(wanted) || prompt.text.toLowerCase().includes(wanted))
                .map((prompt) => (
                  <tr key={prompt.id} data-prompt={prompt.id}>
                    <td className="prompt-id">{prompt.id}</td>
                    <td>{prompt.text}</td>
                    <td className="duration">{(prompt.durationMs / 1000).toFixed(1)} s</td>
                    <td>
                      <button
                        data-action="play"
                        disabled={prompt.audio.length === 0}
                        onClick={() => playAll(prompt.audio)}
                        title="Play"
                      >
                        ▶
                      </button>
                    </td>
                    <td>
                      {prompt.problems.length === 0 ? (
                        <span className="ok">ok</span>
                      ) : (
                        prompt.problems.map((problem, index) => (
                          <div key={index} className="problem" data-problem={formatProblem(problem)}>
                            {formatProblem(problem)}
                          </div>
                        ))
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}

export function Problems({ list, onPick }: { list: readonly string[]; onPick?: (index: number) => void }) {
  if (list.length === 0) return null;
  return (
    <ul className="problems">
      {list.map((text, index) => (
        <li key={index} data-problem={text} onClick={() => onPick?.(index)}>
          {text}
        </li>
      ))}
    </ul>
  );
}
