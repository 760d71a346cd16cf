import asyncio


async def dashboard(session, organization_id):
    tokens = AccessTokenRepository.from_session(session)
    hooks = WebhookRepository.from_session(session)
    has_token = await tokens.has_by_organization_id(organization_id)
    has_hook = await hooks.has_by_organization_id(organization_id)
    return has_token, has_hook


async def enrollments(session, user_id):
    totp = TotpFactor(session)
    codes = BackupCodesFactor(session=session)
    a = await totp.get_by_identity_id(user_id)
    b = await codes.get_enrollment(user_id)
    return a, b
