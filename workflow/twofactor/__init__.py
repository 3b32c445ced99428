"""Staff two-factor authentication (django-otp: TOTP with static recovery codes).

Every account of this system is staff (residents never log in), so every logged-in user
confirms a second factor before any staff page, the admin, the staff API by session or a
staff WebSocket: enrolment at first login (QR code and manual key, then recovery codes
shown once), a code at each later login.
"""
