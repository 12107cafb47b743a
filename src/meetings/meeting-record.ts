import type { Room } from '../directory/index.js';
import type { UsageLog } from '../observability/index.js';
import type { MeetingEventName, MeetingObserver } from './meeting-events.js';

/** A participant as the record names them. */
interface Named {
  readonly callId: string;
  readonly caller: string;
  readonly role: 'host' | 'guest';
}

/** What one conference instance tells its observer and writes to the usage log. */
export class MeetingRecord {
  constructor(
    private readonly room: Room,
    private readonly instance: string,
    private readonly usage: UsageLog,
    private readonly observer: MeetingObserver | undefined,
  ) {}

  started(startedBy: string, conference: string): void {
    this.observer?.({ event: 'started', service: this.room.name, instance: this.instance, callId: startedBy });
    this.usage.write({
      type: 'instance_started',
      service: this.room.name,
      service_tag: this.room.serviceTag ?? null,
      instance: this.instance,
      conference,
    });
  }

  refused(callId: string): void {
    this.usage.write({
      type: 'participant_refused',
      service: this.room.name,
      instance: this.instance,
      call_id: callId,
      reason: 'conference_full',
    });
  }

  admitted(participant: Named): void {
    this.usage.write({ type: 'participant_admitted', ...this.about(participant) });
  }

  joined(participant: Named, muted: boolean): void {
    this.emit('joined', participant);
    this.usage.write({ type: 'participant_joined', ...this.about(participant), muted });
  }

  left(participant: Named, reason: string): void {
    this.emit('left', participant);
    this.usage.write({ type: 'participant_left', ...this.about(participant), reason });
  }

  lock(locked: boolean, callId: string, participant: Named | undefined): void {
    this.emit(locked ? 'locked' : 'unlocked', participant);
    this.usage.write({
      type: locked ? 'instance_locked' : 'instance_unlocked',
      service: this.room.name,
      instance: this.instance,
      call_id: callId,
    });
  }

  ended(lastCallId: string): void {
    this.observer?.({ event: 'ended', service: this.room.name, instance: this.instance, callId: lastCallId });
    this.usage.write({
      type: 'instance_ended',
      service: this.room.name,
      service_tag: this.room.serviceTag ?? null,
      instance: this.instance,
    });
  }

  emit(event: MeetingEventName, participant?: Named): void {
    this.observer?.({
      event,
      service: this.room.name,
      instance: this.instance,
      ...(participant && { callId: participant.callId, role: participant.role }),
    });
  }

  private about(participant: Named) {
    return {
      service: this.room.name,
      instance: this.instance,
      call_id: participant.callId,
      caller: participant.caller,
      role: participant.role,
    };
  }
}
