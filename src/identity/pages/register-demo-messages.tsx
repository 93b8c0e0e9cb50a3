import { AppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PagesPlugin } from '../../web/index.ts';
import { Layout } from '../../web/components/layout.tsx';
import type { LoggedMessage } from '../outbox/index.ts';
import { masked } from '../../core/person-input.ts';

/**
 * The demo's "phone": the last text messages and e-mails the log sender pretended to send, so
 * someone trying the demo can read their one-time code. It exists only while the window runs
 * the demo dataset and messages are written to the log (`SMS_SENDER=log`); anywhere else it is
 * a 404, because a real deployment must never show anyone's codes.
 */
export function demoMessagesPages({ recentMessages }: { recentMessages: () => readonly LoggedMessage[] | null }): PagesPlugin {
  return async (app, { isDemo }) => {
    app.get('/demo/messages', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const messages = recentMessages();
      if (!messages || !(await isDemo())) throw new AppError('NOT_FOUND');
      reply.header('cache-control', 'no-store');
      const ctx = await pageContext(req, reply, isDemo);
      const { t } = ctx.i18n;
      const title = t('identity.demoMessages.title');
      return sendPage(
        reply,
        <Layout i18n={ctx.i18n} title={title} url={ctx.url} demo={ctx.demo}>
          <h1>{title}</h1>
          <p class="notice">{t('identity.demoMessages.onlyDemo')}</p>
          {messages.length === 0 ? (
            <p>{t('identity.demoMessages.none')}</p>
          ) : (
            <table>
              <caption class="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('identity.demoMessages.at')}</th>
                  <th scope="col">{t('identity.demoMessages.to')}</th>
                  <th scope="col">{t('identity.demoMessages.text')}</th>
                </tr>
              </thead>
              <tbody>
                {messages.map((m, i) => (
                  <tr key={i}>
                    <td dir="ltr">{m.at.slice(11, 19)}</td>
                    <td dir="ltr">{masked(m.recipient)}</td>
                    <td dir="auto" class="demo-message">
                      {m.subject ? `${m.subject}: ` : ''}
                      {m.body}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Layout>,
      );
    });
  };
}
