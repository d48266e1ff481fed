/** The session-management messages (Barbican's own; Flask-Security has no such endpoints). */
export const SESSION_MESSAGES = {
  SESSION_ID_REQUIRED: 'Choose a session to end.',
  SESSION_NOT_FOUND: 'No such session of yours (it may have ended already).',
  SESSION_ENDED: 'The session has ended.',
  OTHER_SESSIONS_ENDED: 'All your other sessions have ended.',
} as const;
