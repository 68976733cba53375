"""Calls looked up at the provider: the call record (who, when, how long, who hung up), the id
forms that name a provider, and one client per provider API (Plivo, Vobiz, Twilio, Retell AI,
Bolna) with time-outs, retries and messages that never carry a secret.

May import knowledge, answers, store and config; slack/, web/, render/ and the command line stand
on it."""
