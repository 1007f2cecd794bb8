"""Two-factor sign-in: a code from an authenticator app (TOTP) after the password, or a recovery code.

- ``rules``: who must use it (the policy) and what a request still lacks to be signed in fully.
- ``services``: every write (set up, confirm, recovery codes, turn off, remove for an administrator).
- ``middleware``: a password alone reaches only the code step, or the set-up when the policy requires it.
- ``lockout``: wrong codes count towards the sign-in lockout (django-axes) like wrong passwords.
- ``authentication``, ``admin_site``: the API's sessions and the admin ask the same question.

django-otp keeps the devices (an authenticator is a ``TOTPDevice``, recovery codes the tokens of a
``StaticDevice``) and marks a session verified (``user.is_verified()``); the rules are ours.
API tokens are not affected: a script's token acts without a second step. A browser's session
reaches the API only once its sign-in is complete.
"""
