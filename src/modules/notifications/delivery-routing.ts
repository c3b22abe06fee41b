import type { Channel, RobotKind } from '../../generated/prisma/enums';
import { isRobotChannel } from './channels/channel-labels';
import { deliveryFailure } from './templates/delivery-failures';

/** A person a message is for, as the routing reads them. */
export interface RoutingRecipient {
  id: string;
  displayName: string;
  active: boolean;
  departmentId: string | null;
  email: string | null;
  phone: string | null;
  /** The channels the person chose. */
  channels: Channel[];
}

/** An active group robot (departmentId null: the office's own). */
export interface RoutingRobot {
  id: string;
  kind: RobotKind;
  departmentId: string | null;
}

export interface MessageToRoute {
  /** Recipient id as the caller gave it; null when there is nobody to send to. */
  recipientId: string | null;
  /** A channel the caller names (whatever the person chose). */
  channel?: Channel;
  urgent: boolean;
  /** `lastError` of a message without recipient (deliveryFailure.noRecipient). */
  missingRecipient: string | null;
}

/** Which form of the rendered message a delivery stores as its body. */
export type BodyForm = 'text' | 'inbox' | 'markdown';

/** One delivery of a message: its channel, address, and whether it can go out. */
export interface Route {
  channel: Channel;
  /** EMAIL: the address, SMS: the phone number, a robot channel: the robot's id, INBOX: none. */
  address: string | null;
  /** Why it cannot be sent (stored FAILED at once), or null. */
  error: string | null;
  /** FAILED when there is an error; INBOX is SENT when created (nothing to send); else PENDING. */
  status: 'PENDING' | 'SENT' | 'FAILED';
  body: BodyForm;
}

/** A contact field left blank (spaces only count as blank) is no address. */
function present(value: string | null): string | null {
  const trimmed = value?.replace(/^ +| +$/g, '');
  return trimmed ? trimmed : null;
}

/**
 * The deliveries of one message. Channels: the one the message names, else the recipient's chosen
 * channels (INBOX when they chose none), or for an urgent message those plus every channel the
 * person can be reached on (INBOX, EMAIL with an address, SMS with a phone when a gateway is
 * configured, every robot of their department); nobody to ask (no recipient, unknown or inactive)
 * gives one failed EMAIL. Addresses: EMAIL the person's email, SMS their phone, a robot channel the
 * oldest active robot of that kind of their department (the office's robot for a person without
 * one). `robots` are the active robots, oldest first.
 */
export function routeMessage(
  m: MessageToRoute,
  person: RoutingRecipient | undefined,
  robots: readonly RoutingRobot[],
  smsConfigured: boolean,
): Route[] {
  const email = person ? present(person.email) : null;
  const phone = person ? present(person.phone) : null;
  const ownRobots = person ? robots.filter((r) => r.departmentId === person.departmentId) : [];
  const reachable = person?.active === true;
  let channels: Channel[];
  if (m.channel) channels = [m.channel];
  else if (!reachable) channels = ['EMAIL'];
  else if (m.urgent) {
    channels = [
      ...person.channels,
      'INBOX',
      ...(email ? (['EMAIL'] as const) : []),
      ...(phone && smsConfigured ? (['SMS'] as const) : []),
      ...ownRobots.map((r) => r.kind),
    ];
  } else channels = person.channels.length === 0 ? ['INBOX'] : person.channels;

  return [...new Set(channels)].map((channel): Route => {
    const robot = isRobotChannel(channel) ? ownRobots.find((r) => r.kind === channel) : undefined;
    const address = isRobotChannel(channel)
      ? (robot?.id ?? null)
      : channel === 'EMAIL'
        ? email
        : channel === 'SMS'
          ? phone
          : null;
    const error = failure(m, person, channel, { email, phone, robot, smsConfigured });
    return {
      channel,
      address,
      error,
      status: error ? 'FAILED' : channel === 'INBOX' ? 'SENT' : 'PENDING',
      body: isRobotChannel(channel) ? 'markdown' : channel === 'INBOX' ? 'inbox' : 'text',
    };
  });
}

function failure(
  m: MessageToRoute,
  person: RoutingRecipient | undefined,
  channel: Channel,
  found: {
    email: string | null;
    phone: string | null;
    robot?: RoutingRobot;
    smsConfigured: boolean;
  },
): string | null {
  if (m.recipientId === null) return m.missingRecipient;
  if (!person) return deliveryFailure.unknownRecipient(m.recipientId);
  if (!person.active) return deliveryFailure.inactiveRecipient(person.displayName);
  if (channel === 'EMAIL' && !found.email) return deliveryFailure.noEmail(person.displayName);
  if (channel === 'SMS' && !found.phone) return deliveryFailure.noPhone(person.displayName);
  if (channel === 'SMS' && !found.smsConfigured) return deliveryFailure.smsNotConfigured();
  if (isRobotChannel(channel) && !found.robot) return deliveryFailure.noRobot(channel);
  return null;
}
