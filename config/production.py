"""Production: secure cookies, HSTS. The secret key must come from FORUM_SECRET_KEY."""

SESSION_COOKIE_SECURE = True
REMEMBER_COOKIE_SECURE = True
PREFERRED_URL_SCHEME = "https"
HSTS = True
COMPONENT_GALLERY = False
