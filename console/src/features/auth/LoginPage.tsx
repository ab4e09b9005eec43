import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation } from 'urql';
import { useDocumentTitle } from '../../app/document-title';
import { safeNextPath, useSession } from '../../app/session';
import { graphql } from '../../gql';
import { describeError, hasErrorCode } from '../../lib/graphql-errors';

const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      role
    }
  }
`);

/** Sign in with email and password; the server sets the session cookie, then we return where the admin was. */
export default function LoginPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [{ fetching, error }, login] = useMutation(LoginMutation);
  const next = searchParams.get('next');
  useDocumentTitle('Sign in');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await login({ email: email.trim(), password });
    if (result.error) return;
    session.signedIn();
    void navigate(safeNextPath(next), { replace: true });
  }

  const message = error
    ? hasErrorCode(error, 'UNAUTHENTICATED') || hasErrorCode(error, 'BAD_USER_INPUT')
      ? 'That email and password do not match an account.'
      : describeError(error)
    : null;

  return (
    <Center component="main" mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              Intake console
            </Title>
            {next && !message && (
              <Alert color="blue" variant="light">
                Sign in to continue.
              </Alert>
            )}
            {message && (
              <Alert color="red" role="alert" title="Could not sign in">
                {message}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              data-autofocus
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            <Button type="submit" loading={fetching} disabled={!email || !password}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
