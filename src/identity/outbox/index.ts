/** Messages to people: queued in the outbox with the change that needs them, sent by every node. */
export { enqueueMessage, selectMessageState, type MessageState, type MessageStatus, type NewMessage } from './outbox-repository.ts';
export { OutboxDispatcher, retryDelayMs, type DispatcherOptions } from './dispatcher.ts';
export { outboxFromConfig, sendersFromConfig } from './from-config.ts';
export { LogSender, type LoggedMessage } from './log-sender.ts';
export { SendFailure, type Channel, type MessageSender, type OutgoingMessage } from './sender.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This node's sender of queued messages: `nudge()` it after queueing one. */
    outbox: import('./dispatcher.ts').OutboxDispatcher;
  }
}
