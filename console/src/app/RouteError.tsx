import { Alert, Anchor, Center, Text } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router-dom';

/**
 * Shown when a screen throws while rendering, or when its chunk cannot be loaded (typically a new deploy
 * replaced it): reloading fetches the current files.
 */
export function RouteError() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : '';
  return (
    <Center p="xl">
      <Alert color="red" title="This screen could not be shown" maw={560} role="alert">
        <Text size="sm">{detail}</Text>
        <Anchor component="button" type="button" size="sm" mt="sm" onClick={() => window.location.reload()}>
          Reload the console
        </Anchor>
      </Alert>
    </Center>
  );
}
