#!/bin/sh
# The child of the README's quick start: prints what `esc testkit run` handed it. esc prints every
# secret value as [secret]; the checksum shows that the real database URL (built from the Secrets
# Manager secret demo/db) arrived without printing it.
echo "APP_NAME=$APP_NAME AWS_REGION=$AWS_REGION"
echo "AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID"
echo "AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY"
echo "AWS_SESSION_TOKEN=$AWS_SESSION_TOKEN"
echo "DATABASE_URL=$DATABASE_URL (${#DATABASE_URL} characters, cksum $(printf %s "$DATABASE_URL" | cksum | cut -d' ' -f1))"
echo "API_KEY=$API_KEY LOG_LEVEL=$LOG_LEVEL APP_HOSTS=$APP_HOSTS"
