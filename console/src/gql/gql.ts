/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ConditionTraceFields on ConditionTrace {\n    groupPath\n    index\n    attribute\n    operator\n    expected\n    actual\n    found\n    passed\n    evaluated\n    explanation\n  }\n": typeof types.ConditionTraceFieldsFragmentDoc,
    "\n  fragment FilterTraceFields on FilterTrace {\n    verdict\n    reason\n    groups {\n      path\n      join\n      verdict\n    }\n    conditions {\n      ...ConditionTraceFields\n    }\n  }\n": typeof types.FilterTraceFieldsFragmentDoc,
    "\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    prefix\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.ApiKeyRowFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $role: Role) {\n    createApiKey(name: $name, role: $role) {\n      secret\n      apiKey {\n        ...ApiKeyRow\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyRow\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  fragment UserRow on AdminUser {\n    id\n    email\n    role\n    createdAt\n  }\n": typeof types.UserRowFragmentDoc,
    "\n  query Users {\n    users {\n      ...UserRow\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation CreateUser($email: String!, $role: Role!) {\n    createUser(email: $email, role: $role) {\n      password\n      user {\n        ...UserRow\n      }\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation ChangeUserRole($id: ID!, $role: Role!) {\n    changeUserRole(id: $id, role: $role) {\n      ...UserRow\n    }\n  }\n": typeof types.ChangeUserRoleDocument,
    "\n  mutation RemoveUser($id: ID!) {\n    removeUser(id: $id) {\n      id\n    }\n  }\n": typeof types.RemoveUserDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      role\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me {\n      role\n      account {\n        id\n        slug\n        name\n      }\n      user {\n        id\n        email\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query CustomerDetail($id: String!, $first: Int, $after: String) {\n    customer(id: $id) {\n      id\n      email\n      firstName\n      lastName\n      labels\n      points\n      optedOut\n      createdAt\n      updatedAt\n      events(first: $first, after: $after) {\n        nodes {\n          id\n          action\n          data\n          createdAt\n          webhook {\n            id\n            name\n          }\n          requestLog {\n            id\n          }\n          requestLogExpired\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.CustomerDetailDocument,
    "\n  query Customers($search: String, $first: Int, $after: String) {\n    customers(search: $search, first: $first, after: $after) {\n      nodes {\n        id\n        email\n        firstName\n        lastName\n        labels\n        points\n        optedOut\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  query RequestLogs($filter: RequestLogSearchInput, $first: Int, $after: String) {\n    requestLogs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...LogRowFields\n        webhook {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      searchedBackTo\n    }\n  }\n": typeof types.RequestLogsDocument,
    "\n  fragment LogRowFields on RequestLog {\n    id\n    receivedAt\n    method\n    path\n    query\n    statusCode\n    durationMs\n    outcome\n    error\n    customerId\n    event {\n      id\n      action\n      customerId\n    }\n  }\n": typeof types.LogRowFieldsFragmentDoc,
    "\n  mutation ReplayRequest($logId: ID!) {\n    replayRequest(logId: $logId) {\n      id\n      outcome\n      statusCode\n      error\n    }\n  }\n": typeof types.ReplayRequestDocument,
    "\n  query ReplayCount($selection: LogSelectionInput!) {\n    replayCount(selection: $selection)\n  }\n": typeof types.ReplayCountDocument,
    "\n  fragment ReplayJobFields on ReplayJob {\n    id\n    status\n    total\n    done\n    processed\n    finishedAt\n  }\n": typeof types.ReplayJobFieldsFragmentDoc,
    "\n  mutation ReplayRequests($selection: LogSelectionInput!) {\n    replayRequests(selection: $selection) {\n      ...ReplayJobFields\n    }\n  }\n": typeof types.ReplayRequestsDocument,
    "\n  query ReplayJob($id: ID!) {\n    replayJob(id: $id) {\n      ...ReplayJobFields\n    }\n  }\n": typeof types.ReplayJobDocument,
    "\n  mutation CancelReplayJob($id: ID!) {\n    cancelReplayJob(id: $id) {\n      ...ReplayJobFields\n    }\n  }\n": typeof types.CancelReplayJobDocument,
    "\n  query ExportWebhooks($ids: [ID!]) {\n    exportWebhooks(ids: $ids)\n  }\n": typeof types.ExportWebhooksDocument,
    "\n  mutation ImportWebhooks($document: JSON!, $dryRun: Boolean) {\n    importWebhooks(document: $document, dryRun: $dryRun) {\n      applied\n      changes {\n        endpoint\n        kind\n        fields\n        notes\n        webhookId\n      }\n    }\n  }\n": typeof types.ImportWebhooksDocument,
    "\n  query Blueprints {\n    blueprints {\n      id\n      name\n      description\n      category\n      template {\n        method\n        endpoint\n        action\n        successResponse\n        errorResponse\n        filter {\n          ...FilterGroupFields\n        }\n        mapping {\n          ...MappingFields\n        }\n        verification {\n          scheme\n          header\n          algorithm\n          encoding\n          prefix\n          timestampHeader\n          toleranceSeconds\n          username\n        }\n        idempotency {\n          key\n          windowHours\n        }\n        splitOn\n      }\n    }\n  }\n": typeof types.BlueprintsDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      name\n      status\n      url\n      version\n      allowedActions\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  query WebhookHeader($id: ID!) {\n    webhook(id: $id) {\n      id\n      name\n      method\n      endpoint\n      url\n      status\n      allowedActions\n      version\n      verification {\n        scheme\n        secrets {\n          id\n          expiresAt\n        }\n      }\n    }\n  }\n": typeof types.WebhookHeaderDocument,
    "\n  query WebhookSettings($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookSettingsFields\n    }\n  }\n": typeof types.WebhookSettingsDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookSettingsFields\n      updatedAt\n    }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  fragment FilterConditionFields on FilterCondition {\n    attribute\n    operator\n    value\n  }\n": typeof types.FilterConditionFieldsFragmentDoc,
    "\n  fragment FilterGroupFields on FilterGroup {\n    join\n    conditions {\n      ...FilterConditionFields\n    }\n    groups {\n      join\n      conditions {\n        ...FilterConditionFields\n      }\n      groups {\n        join\n        conditions {\n          ...FilterConditionFields\n        }\n        groups {\n          join\n          conditions {\n            ...FilterConditionFields\n          }\n          groups {\n            join\n          }\n        }\n      }\n    }\n  }\n": typeof types.FilterGroupFieldsFragmentDoc,
    "\n  fragment MappingFields on Mapping {\n    from\n    to\n    default\n    replace {\n      value\n      replacement\n    }\n    expression\n  }\n": typeof types.MappingFieldsFragmentDoc,
    "\n  fragment VerificationFields on Verification {\n    scheme\n    header\n    algorithm\n    encoding\n    prefix\n    timestampHeader\n    toleranceSeconds\n    username\n  }\n": typeof types.VerificationFieldsFragmentDoc,
    "\n  fragment WebhookSecretFields on WebhookSecret {\n    id\n    hint\n    createdAt\n    expiresAt\n  }\n": typeof types.WebhookSecretFieldsFragmentDoc,
    "\n  fragment WebhookSettingsFields on Webhook {\n    id\n    name\n    method\n    endpoint\n    url\n    status\n    action\n    version\n    successResponse\n    errorResponse\n    allowedActions\n    filter {\n      ...FilterGroupFields\n    }\n    mapping {\n      ...MappingFields\n    }\n    verification {\n      ...VerificationFields\n      secrets {\n        ...WebhookSecretFields\n      }\n    }\n    idempotency {\n      key\n      windowHours\n    }\n    splitOn\n  }\n": typeof types.WebhookSettingsFieldsFragmentDoc,
    "\n  query EventDefinitions {\n    eventDefinitions {\n      name\n      label\n      description\n      attributes {\n        path\n        type\n        required\n        description\n      }\n    }\n  }\n": typeof types.EventDefinitionsDocument,
    "\n  query WebhookHistory($id: ID!, $first: Int, $after: String) {\n    webhook(id: $id) {\n      id\n      name\n      version\n      allowedActions\n      history(first: $first, after: $after) {\n        nodes {\n          id\n          changedAt\n          actor\n          kind\n          version\n          changes {\n            field\n            before\n            after\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.WebhookHistoryDocument,
    "\n  mutation RestoreWebhookVersion($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookSettingsFields\n      updatedAt\n    }\n  }\n": typeof types.RestoreWebhookVersionDocument,
    "\n  fragment WebhookLifecycleFields on Webhook {\n    id\n    status\n    allowedActions\n    version\n    updatedAt\n  }\n": typeof types.WebhookLifecycleFieldsFragmentDoc,
    "\n  mutation ActivateWebhook($id: ID!) {\n    activateWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n": typeof types.ActivateWebhookDocument,
    "\n  mutation DeactivateWebhook($id: ID!) {\n    deactivateWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n": typeof types.DeactivateWebhookDocument,
    "\n  mutation ArchiveWebhook($id: ID!) {\n    archiveWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n": typeof types.ArchiveWebhookDocument,
    "\n  fragment WebhookListItem on Webhook {\n    id\n    name\n    method\n    endpoint\n    url\n    action\n    status\n    verification {\n      scheme\n    }\n    lastRequest {\n      id\n      receivedAt\n      statusCode\n      outcome\n    }\n    stats(from: $statsFrom, to: $statsTo, interval: HOUR) {\n      start\n      total\n      invalid\n      rejected\n      failed\n    }\n  }\n": typeof types.WebhookListItemFragmentDoc,
    "\n  query Webhooks(\n    $status: WebhookStatus\n    $search: String\n    $first: Int\n    $after: String\n    $statsFrom: DateTime!\n    $statsTo: DateTime!\n  ) {\n    webhooks(status: $status, search: $search, first: $first, after: $after) {\n      nodes {\n        ...WebhookListItem\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  query RequestLogDetail($id: ID!) {\n    requestLog(id: $id) {\n      id\n      receivedAt\n      method\n      path\n      query\n      statusCode\n      durationMs\n      outcome\n      error\n      errorCode\n      requestHeaders\n      requestBody\n      bodyTruncated\n      responseBody\n      responseHeaders\n      idempotencyKey\n      customerId\n      filterTrace {\n        ...FilterTraceFields\n      }\n      duplicateOf {\n        id\n        receivedAt\n        statusCode\n      }\n      replayOf {\n        id\n        receivedAt\n        outcome\n      }\n      replayedBy\n      webhook {\n        id\n        name\n        url\n      }\n      event {\n        id\n        action\n        customerId\n        createdAt\n      }\n      events {\n        id\n        action\n        customerId\n        data\n      }\n    }\n  }\n": typeof types.RequestLogDetailDocument,
    "\n  query WebhookLogs(\n    $id: ID!\n    $first: Int\n    $after: String\n    $statusCode: Int\n    $outcome: RequestOutcome\n    $receivedAfter: DateTime\n    $receivedBefore: DateTime\n  ) {\n    webhook(id: $id) {\n      id\n      method\n      url\n      status\n      logs(\n        first: $first\n        after: $after\n        statusCode: $statusCode\n        outcome: $outcome\n        receivedAfter: $receivedAfter\n        receivedBefore: $receivedBefore\n      ) {\n        nodes {\n          ...LogRowFields\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.WebhookLogsDocument,
    "\n  subscription RequestLogged($webhookId: ID!) {\n    requestLogged(webhookId: $webhookId) {\n      ...LogRowFields\n    }\n  }\n": typeof types.RequestLoggedDocument,
    "\n  fragment WebhookSecretsChange on Webhook {\n    id\n    version\n    updatedAt\n    verification {\n      scheme\n      secrets {\n        ...WebhookSecretFields\n      }\n    }\n  }\n": typeof types.WebhookSecretsChangeFragmentDoc,
    "\n  mutation AddWebhookSecret($id: ID!, $secret: String, $expirePreviousInSeconds: Int) {\n    addWebhookSecret(id: $id, secret: $secret, expirePreviousInSeconds: $expirePreviousInSeconds) {\n      secret\n      webhook {\n        ...WebhookSecretsChange\n      }\n    }\n  }\n": typeof types.AddWebhookSecretDocument,
    "\n  mutation RemoveWebhookSecret($id: ID!, $secretId: ID!) {\n    removeWebhookSecret(id: $id, secretId: $secretId) {\n      ...WebhookSecretsChange\n    }\n  }\n": typeof types.RemoveWebhookSecretDocument,
    "\n  query WebhookStats($id: ID!, $from: DateTime!, $to: DateTime!, $interval: StatsInterval!) {\n    webhook(id: $id) {\n      id\n      stats(from: $from, to: $to, interval: $interval) {\n        start\n        total\n        processed\n        filtered\n        duplicate\n        invalid\n        rejected\n        failed\n        p50Ms\n        p95Ms\n      }\n    }\n  }\n": typeof types.WebhookStatsDocument,
    "\n  query TestCustomers($search: String) {\n    customers(search: $search, first: 10) {\n      nodes {\n        id\n        email\n        firstName\n        lastName\n      }\n    }\n  }\n": typeof types.TestCustomersDocument,
    "\n  query TestCustomer($id: String!) {\n    customer(id: $id) {\n      id\n    }\n  }\n": typeof types.TestCustomerDocument,
    "\n  query TestPanelWebhook($id: ID!) {\n    webhook(id: $id) {\n      id\n      method\n      status\n      action\n      splitOn\n      filter {\n        ...FilterGroupFields\n      }\n      mapping {\n        from\n        to\n        expression\n      }\n      verification {\n        scheme\n        secrets {\n          id\n          expiresAt\n        }\n      }\n      idempotency {\n        key\n      }\n      lastRequest {\n        id\n        requestHeaders\n        requestBody\n      }\n    }\n  }\n": typeof types.TestPanelWebhookDocument,
    "\n  fragment MappingTraceFields on MappingTrace {\n    from\n    to\n    found\n    usedDefault\n    replaced\n    value\n    expression\n    expressionResult\n  }\n": typeof types.MappingTraceFieldsFragmentDoc,
    "\n  fragment EventIssueFields on EventIssue {\n    code\n    attribute\n    message\n  }\n": typeof types.EventIssueFieldsFragmentDoc,
    "\n  fragment WebhookTestResultFields on WebhookTestResult {\n    statusCode\n    outcome\n    errorCode\n    reason\n    responseBody\n    responseHeaders\n    filterPassed\n    conditions {\n      ...ConditionTraceFields\n    }\n    filterTrace {\n      ...FilterTraceFields\n    }\n    mapping {\n      ...MappingTraceFields\n    }\n    mappedEvent\n    convertedEvent\n    issues {\n      ...EventIssueFields\n    }\n    items {\n      index\n      mapping {\n        ...MappingTraceFields\n      }\n      mappedEvent\n      convertedEvent\n      issues {\n        ...EventIssueFields\n      }\n    }\n    events\n    verification {\n      scheme\n      verified\n      errorCode\n      reason\n      signed\n    }\n    idempotency {\n      key\n      value\n      problem\n      alreadyProcessed\n      originalRequestId\n    }\n  }\n": typeof types.WebhookTestResultFieldsFragmentDoc,
    "\n  query TestWebhook($id: ID!, $request: TestRequestInput!, $draft: UpdateWebhookInput) {\n    testWebhook(id: $id, request: $request, draft: $draft) {\n      ...WebhookTestResultFields\n    }\n  }\n": typeof types.TestWebhookDocument,
};
const documents: Documents = {
    "\n  fragment ConditionTraceFields on ConditionTrace {\n    groupPath\n    index\n    attribute\n    operator\n    expected\n    actual\n    found\n    passed\n    evaluated\n    explanation\n  }\n": types.ConditionTraceFieldsFragmentDoc,
    "\n  fragment FilterTraceFields on FilterTrace {\n    verdict\n    reason\n    groups {\n      path\n      join\n      verdict\n    }\n    conditions {\n      ...ConditionTraceFields\n    }\n  }\n": types.FilterTraceFieldsFragmentDoc,
    "\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    prefix\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": types.ApiKeyRowFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $role: Role) {\n    createApiKey(name: $name, role: $role) {\n      secret\n      apiKey {\n        ...ApiKeyRow\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyRow\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  fragment UserRow on AdminUser {\n    id\n    email\n    role\n    createdAt\n  }\n": types.UserRowFragmentDoc,
    "\n  query Users {\n    users {\n      ...UserRow\n    }\n  }\n": types.UsersDocument,
    "\n  mutation CreateUser($email: String!, $role: Role!) {\n    createUser(email: $email, role: $role) {\n      password\n      user {\n        ...UserRow\n      }\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation ChangeUserRole($id: ID!, $role: Role!) {\n    changeUserRole(id: $id, role: $role) {\n      ...UserRow\n    }\n  }\n": types.ChangeUserRoleDocument,
    "\n  mutation RemoveUser($id: ID!) {\n    removeUser(id: $id) {\n      id\n    }\n  }\n": types.RemoveUserDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      role\n    }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me {\n      role\n      account {\n        id\n        slug\n        name\n      }\n      user {\n        id\n        email\n      }\n    }\n  }\n": types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query CustomerDetail($id: String!, $first: Int, $after: String) {\n    customer(id: $id) {\n      id\n      email\n      firstName\n      lastName\n      labels\n      points\n      optedOut\n      createdAt\n      updatedAt\n      events(first: $first, after: $after) {\n        nodes {\n          id\n          action\n          data\n          createdAt\n          webhook {\n            id\n            name\n          }\n          requestLog {\n            id\n          }\n          requestLogExpired\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.CustomerDetailDocument,
    "\n  query Customers($search: String, $first: Int, $after: String) {\n    customers(search: $search, first: $first, after: $after) {\n      nodes {\n        id\n        email\n        firstName\n        lastName\n        labels\n        points\n        optedOut\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.CustomersDocument,
    "\n  query RequestLogs($filter: RequestLogSearchInput, $first: Int, $after: String) {\n    requestLogs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...LogRowFields\n        webhook {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      searchedBackTo\n    }\n  }\n": types.RequestLogsDocument,
    "\n  fragment LogRowFields on RequestLog {\n    id\n    receivedAt\n    method\n    path\n    query\n    statusCode\n    durationMs\n    outcome\n    error\n    customerId\n    event {\n      id\n      action\n      customerId\n    }\n  }\n": types.LogRowFieldsFragmentDoc,
    "\n  mutation ReplayRequest($logId: ID!) {\n    replayRequest(logId: $logId) {\n      id\n      outcome\n      statusCode\n      error\n    }\n  }\n": types.ReplayRequestDocument,
    "\n  query ReplayCount($selection: LogSelectionInput!) {\n    replayCount(selection: $selection)\n  }\n": types.ReplayCountDocument,
    "\n  fragment ReplayJobFields on ReplayJob {\n    id\n    status\n    total\n    done\n    processed\n    finishedAt\n  }\n": types.ReplayJobFieldsFragmentDoc,
    "\n  mutation ReplayRequests($selection: LogSelectionInput!) {\n    replayRequests(selection: $selection) {\n      ...ReplayJobFields\n    }\n  }\n": types.ReplayRequestsDocument,
    "\n  query ReplayJob($id: ID!) {\n    replayJob(id: $id) {\n      ...ReplayJobFields\n    }\n  }\n": types.ReplayJobDocument,
    "\n  mutation CancelReplayJob($id: ID!) {\n    cancelReplayJob(id: $id) {\n      ...ReplayJobFields\n    }\n  }\n": types.CancelReplayJobDocument,
    "\n  query ExportWebhooks($ids: [ID!]) {\n    exportWebhooks(ids: $ids)\n  }\n": types.ExportWebhooksDocument,
    "\n  mutation ImportWebhooks($document: JSON!, $dryRun: Boolean) {\n    importWebhooks(document: $document, dryRun: $dryRun) {\n      applied\n      changes {\n        endpoint\n        kind\n        fields\n        notes\n        webhookId\n      }\n    }\n  }\n": types.ImportWebhooksDocument,
    "\n  query Blueprints {\n    blueprints {\n      id\n      name\n      description\n      category\n      template {\n        method\n        endpoint\n        action\n        successResponse\n        errorResponse\n        filter {\n          ...FilterGroupFields\n        }\n        mapping {\n          ...MappingFields\n        }\n        verification {\n          scheme\n          header\n          algorithm\n          encoding\n          prefix\n          timestampHeader\n          toleranceSeconds\n          username\n        }\n        idempotency {\n          key\n          windowHours\n        }\n        splitOn\n      }\n    }\n  }\n": types.BlueprintsDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      name\n      status\n      url\n      version\n      allowedActions\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  query WebhookHeader($id: ID!) {\n    webhook(id: $id) {\n      id\n      name\n      method\n      endpoint\n      url\n      status\n      allowedActions\n      version\n      verification {\n        scheme\n        secrets {\n          id\n          expiresAt\n        }\n      }\n    }\n  }\n": types.WebhookHeaderDocument,
    "\n  query WebhookSettings($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookSettingsFields\n    }\n  }\n": types.WebhookSettingsDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookSettingsFields\n      updatedAt\n    }\n  }\n": types.UpdateWebhookDocument,
    "\n  fragment FilterConditionFields on FilterCondition {\n    attribute\n    operator\n    value\n  }\n": types.FilterConditionFieldsFragmentDoc,
    "\n  fragment FilterGroupFields on FilterGroup {\n    join\n    conditions {\n      ...FilterConditionFields\n    }\n    groups {\n      join\n      conditions {\n        ...FilterConditionFields\n      }\n      groups {\n        join\n        conditions {\n          ...FilterConditionFields\n        }\n        groups {\n          join\n          conditions {\n            ...FilterConditionFields\n          }\n          groups {\n            join\n          }\n        }\n      }\n    }\n  }\n": types.FilterGroupFieldsFragmentDoc,
    "\n  fragment MappingFields on Mapping {\n    from\n    to\n    default\n    replace {\n      value\n      replacement\n    }\n    expression\n  }\n": types.MappingFieldsFragmentDoc,
    "\n  fragment VerificationFields on Verification {\n    scheme\n    header\n    algorithm\n    encoding\n    prefix\n    timestampHeader\n    toleranceSeconds\n    username\n  }\n": types.VerificationFieldsFragmentDoc,
    "\n  fragment WebhookSecretFields on WebhookSecret {\n    id\n    hint\n    createdAt\n    expiresAt\n  }\n": types.WebhookSecretFieldsFragmentDoc,
    "\n  fragment WebhookSettingsFields on Webhook {\n    id\n    name\n    method\n    endpoint\n    url\n    status\n    action\n    version\n    successResponse\n    errorResponse\n    allowedActions\n    filter {\n      ...FilterGroupFields\n    }\n    mapping {\n      ...MappingFields\n    }\n    verification {\n      ...VerificationFields\n      secrets {\n        ...WebhookSecretFields\n      }\n    }\n    idempotency {\n      key\n      windowHours\n    }\n    splitOn\n  }\n": types.WebhookSettingsFieldsFragmentDoc,
    "\n  query EventDefinitions {\n    eventDefinitions {\n      name\n      label\n      description\n      attributes {\n        path\n        type\n        required\n        description\n      }\n    }\n  }\n": types.EventDefinitionsDocument,
    "\n  query WebhookHistory($id: ID!, $first: Int, $after: String) {\n    webhook(id: $id) {\n      id\n      name\n      version\n      allowedActions\n      history(first: $first, after: $after) {\n        nodes {\n          id\n          changedAt\n          actor\n          kind\n          version\n          changes {\n            field\n            before\n            after\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.WebhookHistoryDocument,
    "\n  mutation RestoreWebhookVersion($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookSettingsFields\n      updatedAt\n    }\n  }\n": types.RestoreWebhookVersionDocument,
    "\n  fragment WebhookLifecycleFields on Webhook {\n    id\n    status\n    allowedActions\n    version\n    updatedAt\n  }\n": types.WebhookLifecycleFieldsFragmentDoc,
    "\n  mutation ActivateWebhook($id: ID!) {\n    activateWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n": types.ActivateWebhookDocument,
    "\n  mutation DeactivateWebhook($id: ID!) {\n    deactivateWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n": types.DeactivateWebhookDocument,
    "\n  mutation ArchiveWebhook($id: ID!) {\n    archiveWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n": types.ArchiveWebhookDocument,
    "\n  fragment WebhookListItem on Webhook {\n    id\n    name\n    method\n    endpoint\n    url\n    action\n    status\n    verification {\n      scheme\n    }\n    lastRequest {\n      id\n      receivedAt\n      statusCode\n      outcome\n    }\n    stats(from: $statsFrom, to: $statsTo, interval: HOUR) {\n      start\n      total\n      invalid\n      rejected\n      failed\n    }\n  }\n": types.WebhookListItemFragmentDoc,
    "\n  query Webhooks(\n    $status: WebhookStatus\n    $search: String\n    $first: Int\n    $after: String\n    $statsFrom: DateTime!\n    $statsTo: DateTime!\n  ) {\n    webhooks(status: $status, search: $search, first: $first, after: $after) {\n      nodes {\n        ...WebhookListItem\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.WebhooksDocument,
    "\n  query RequestLogDetail($id: ID!) {\n    requestLog(id: $id) {\n      id\n      receivedAt\n      method\n      path\n      query\n      statusCode\n      durationMs\n      outcome\n      error\n      errorCode\n      requestHeaders\n      requestBody\n      bodyTruncated\n      responseBody\n      responseHeaders\n      idempotencyKey\n      customerId\n      filterTrace {\n        ...FilterTraceFields\n      }\n      duplicateOf {\n        id\n        receivedAt\n        statusCode\n      }\n      replayOf {\n        id\n        receivedAt\n        outcome\n      }\n      replayedBy\n      webhook {\n        id\n        name\n        url\n      }\n      event {\n        id\n        action\n        customerId\n        createdAt\n      }\n      events {\n        id\n        action\n        customerId\n        data\n      }\n    }\n  }\n": types.RequestLogDetailDocument,
    "\n  query WebhookLogs(\n    $id: ID!\n    $first: Int\n    $after: String\n    $statusCode: Int\n    $outcome: RequestOutcome\n    $receivedAfter: DateTime\n    $receivedBefore: DateTime\n  ) {\n    webhook(id: $id) {\n      id\n      method\n      url\n      status\n      logs(\n        first: $first\n        after: $after\n        statusCode: $statusCode\n        outcome: $outcome\n        receivedAfter: $receivedAfter\n        receivedBefore: $receivedBefore\n      ) {\n        nodes {\n          ...LogRowFields\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.WebhookLogsDocument,
    "\n  subscription RequestLogged($webhookId: ID!) {\n    requestLogged(webhookId: $webhookId) {\n      ...LogRowFields\n    }\n  }\n": types.RequestLoggedDocument,
    "\n  fragment WebhookSecretsChange on Webhook {\n    id\n    version\n    updatedAt\n    verification {\n      scheme\n      secrets {\n        ...WebhookSecretFields\n      }\n    }\n  }\n": types.WebhookSecretsChangeFragmentDoc,
    "\n  mutation AddWebhookSecret($id: ID!, $secret: String, $expirePreviousInSeconds: Int) {\n    addWebhookSecret(id: $id, secret: $secret, expirePreviousInSeconds: $expirePreviousInSeconds) {\n      secret\n      webhook {\n        ...WebhookSecretsChange\n      }\n    }\n  }\n": types.AddWebhookSecretDocument,
    "\n  mutation RemoveWebhookSecret($id: ID!, $secretId: ID!) {\n    removeWebhookSecret(id: $id, secretId: $secretId) {\n      ...WebhookSecretsChange\n    }\n  }\n": types.RemoveWebhookSecretDocument,
    "\n  query WebhookStats($id: ID!, $from: DateTime!, $to: DateTime!, $interval: StatsInterval!) {\n    webhook(id: $id) {\n      id\n      stats(from: $from, to: $to, interval: $interval) {\n        start\n        total\n        processed\n        filtered\n        duplicate\n        invalid\n        rejected\n        failed\n        p50Ms\n        p95Ms\n      }\n    }\n  }\n": types.WebhookStatsDocument,
    "\n  query TestCustomers($search: String) {\n    customers(search: $search, first: 10) {\n      nodes {\n        id\n        email\n        firstName\n        lastName\n      }\n    }\n  }\n": types.TestCustomersDocument,
    "\n  query TestCustomer($id: String!) {\n    customer(id: $id) {\n      id\n    }\n  }\n": types.TestCustomerDocument,
    "\n  query TestPanelWebhook($id: ID!) {\n    webhook(id: $id) {\n      id\n      method\n      status\n      action\n      splitOn\n      filter {\n        ...FilterGroupFields\n      }\n      mapping {\n        from\n        to\n        expression\n      }\n      verification {\n        scheme\n        secrets {\n          id\n          expiresAt\n        }\n      }\n      idempotency {\n        key\n      }\n      lastRequest {\n        id\n        requestHeaders\n        requestBody\n      }\n    }\n  }\n": types.TestPanelWebhookDocument,
    "\n  fragment MappingTraceFields on MappingTrace {\n    from\n    to\n    found\n    usedDefault\n    replaced\n    value\n    expression\n    expressionResult\n  }\n": types.MappingTraceFieldsFragmentDoc,
    "\n  fragment EventIssueFields on EventIssue {\n    code\n    attribute\n    message\n  }\n": types.EventIssueFieldsFragmentDoc,
    "\n  fragment WebhookTestResultFields on WebhookTestResult {\n    statusCode\n    outcome\n    errorCode\n    reason\n    responseBody\n    responseHeaders\n    filterPassed\n    conditions {\n      ...ConditionTraceFields\n    }\n    filterTrace {\n      ...FilterTraceFields\n    }\n    mapping {\n      ...MappingTraceFields\n    }\n    mappedEvent\n    convertedEvent\n    issues {\n      ...EventIssueFields\n    }\n    items {\n      index\n      mapping {\n        ...MappingTraceFields\n      }\n      mappedEvent\n      convertedEvent\n      issues {\n        ...EventIssueFields\n      }\n    }\n    events\n    verification {\n      scheme\n      verified\n      errorCode\n      reason\n      signed\n    }\n    idempotency {\n      key\n      value\n      problem\n      alreadyProcessed\n      originalRequestId\n    }\n  }\n": types.WebhookTestResultFieldsFragmentDoc,
    "\n  query TestWebhook($id: ID!, $request: TestRequestInput!, $draft: UpdateWebhookInput) {\n    testWebhook(id: $id, request: $request, draft: $draft) {\n      ...WebhookTestResultFields\n    }\n  }\n": types.TestWebhookDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConditionTraceFields on ConditionTrace {\n    groupPath\n    index\n    attribute\n    operator\n    expected\n    actual\n    found\n    passed\n    evaluated\n    explanation\n  }\n"): (typeof documents)["\n  fragment ConditionTraceFields on ConditionTrace {\n    groupPath\n    index\n    attribute\n    operator\n    expected\n    actual\n    found\n    passed\n    evaluated\n    explanation\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FilterTraceFields on FilterTrace {\n    verdict\n    reason\n    groups {\n      path\n      join\n      verdict\n    }\n    conditions {\n      ...ConditionTraceFields\n    }\n  }\n"): (typeof documents)["\n  fragment FilterTraceFields on FilterTrace {\n    verdict\n    reason\n    groups {\n      path\n      join\n      verdict\n    }\n    conditions {\n      ...ConditionTraceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    prefix\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    prefix\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($name: String!, $role: Role) {\n    createApiKey(name: $name, role: $role) {\n      secret\n      apiKey {\n        ...ApiKeyRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($name: String!, $role: Role) {\n    createApiKey(name: $name, role: $role) {\n      secret\n      apiKey {\n        ...ApiKeyRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyRow\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserRow on AdminUser {\n    id\n    email\n    role\n    createdAt\n  }\n"): (typeof documents)["\n  fragment UserRow on AdminUser {\n    id\n    email\n    role\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users {\n    users {\n      ...UserRow\n    }\n  }\n"): (typeof documents)["\n  query Users {\n    users {\n      ...UserRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($email: String!, $role: Role!) {\n    createUser(email: $email, role: $role) {\n      password\n      user {\n        ...UserRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($email: String!, $role: Role!) {\n    createUser(email: $email, role: $role) {\n      password\n      user {\n        ...UserRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeUserRole($id: ID!, $role: Role!) {\n    changeUserRole(id: $id, role: $role) {\n      ...UserRow\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeUserRole($id: ID!, $role: Role!) {\n    changeUserRole(id: $id, role: $role) {\n      ...UserRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveUser($id: ID!) {\n    removeUser(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveUser($id: ID!) {\n    removeUser(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      role\n      account {\n        id\n        slug\n        name\n      }\n      user {\n        id\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      role\n      account {\n        id\n        slug\n        name\n      }\n      user {\n        id\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerDetail($id: String!, $first: Int, $after: String) {\n    customer(id: $id) {\n      id\n      email\n      firstName\n      lastName\n      labels\n      points\n      optedOut\n      createdAt\n      updatedAt\n      events(first: $first, after: $after) {\n        nodes {\n          id\n          action\n          data\n          createdAt\n          webhook {\n            id\n            name\n          }\n          requestLog {\n            id\n          }\n          requestLogExpired\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerDetail($id: String!, $first: Int, $after: String) {\n    customer(id: $id) {\n      id\n      email\n      firstName\n      lastName\n      labels\n      points\n      optedOut\n      createdAt\n      updatedAt\n      events(first: $first, after: $after) {\n        nodes {\n          id\n          action\n          data\n          createdAt\n          webhook {\n            id\n            name\n          }\n          requestLog {\n            id\n          }\n          requestLogExpired\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customers($search: String, $first: Int, $after: String) {\n    customers(search: $search, first: $first, after: $after) {\n      nodes {\n        id\n        email\n        firstName\n        lastName\n        labels\n        points\n        optedOut\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Customers($search: String, $first: Int, $after: String) {\n    customers(search: $search, first: $first, after: $after) {\n      nodes {\n        id\n        email\n        firstName\n        lastName\n        labels\n        points\n        optedOut\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RequestLogs($filter: RequestLogSearchInput, $first: Int, $after: String) {\n    requestLogs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...LogRowFields\n        webhook {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      searchedBackTo\n    }\n  }\n"): (typeof documents)["\n  query RequestLogs($filter: RequestLogSearchInput, $first: Int, $after: String) {\n    requestLogs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...LogRowFields\n        webhook {\n          id\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      searchedBackTo\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LogRowFields on RequestLog {\n    id\n    receivedAt\n    method\n    path\n    query\n    statusCode\n    durationMs\n    outcome\n    error\n    customerId\n    event {\n      id\n      action\n      customerId\n    }\n  }\n"): (typeof documents)["\n  fragment LogRowFields on RequestLog {\n    id\n    receivedAt\n    method\n    path\n    query\n    statusCode\n    durationMs\n    outcome\n    error\n    customerId\n    event {\n      id\n      action\n      customerId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplayRequest($logId: ID!) {\n    replayRequest(logId: $logId) {\n      id\n      outcome\n      statusCode\n      error\n    }\n  }\n"): (typeof documents)["\n  mutation ReplayRequest($logId: ID!) {\n    replayRequest(logId: $logId) {\n      id\n      outcome\n      statusCode\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplayCount($selection: LogSelectionInput!) {\n    replayCount(selection: $selection)\n  }\n"): (typeof documents)["\n  query ReplayCount($selection: LogSelectionInput!) {\n    replayCount(selection: $selection)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReplayJobFields on ReplayJob {\n    id\n    status\n    total\n    done\n    processed\n    finishedAt\n  }\n"): (typeof documents)["\n  fragment ReplayJobFields on ReplayJob {\n    id\n    status\n    total\n    done\n    processed\n    finishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplayRequests($selection: LogSelectionInput!) {\n    replayRequests(selection: $selection) {\n      ...ReplayJobFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReplayRequests($selection: LogSelectionInput!) {\n    replayRequests(selection: $selection) {\n      ...ReplayJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplayJob($id: ID!) {\n    replayJob(id: $id) {\n      ...ReplayJobFields\n    }\n  }\n"): (typeof documents)["\n  query ReplayJob($id: ID!) {\n    replayJob(id: $id) {\n      ...ReplayJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelReplayJob($id: ID!) {\n    cancelReplayJob(id: $id) {\n      ...ReplayJobFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelReplayJob($id: ID!) {\n    cancelReplayJob(id: $id) {\n      ...ReplayJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportWebhooks($ids: [ID!]) {\n    exportWebhooks(ids: $ids)\n  }\n"): (typeof documents)["\n  query ExportWebhooks($ids: [ID!]) {\n    exportWebhooks(ids: $ids)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportWebhooks($document: JSON!, $dryRun: Boolean) {\n    importWebhooks(document: $document, dryRun: $dryRun) {\n      applied\n      changes {\n        endpoint\n        kind\n        fields\n        notes\n        webhookId\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ImportWebhooks($document: JSON!, $dryRun: Boolean) {\n    importWebhooks(document: $document, dryRun: $dryRun) {\n      applied\n      changes {\n        endpoint\n        kind\n        fields\n        notes\n        webhookId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Blueprints {\n    blueprints {\n      id\n      name\n      description\n      category\n      template {\n        method\n        endpoint\n        action\n        successResponse\n        errorResponse\n        filter {\n          ...FilterGroupFields\n        }\n        mapping {\n          ...MappingFields\n        }\n        verification {\n          scheme\n          header\n          algorithm\n          encoding\n          prefix\n          timestampHeader\n          toleranceSeconds\n          username\n        }\n        idempotency {\n          key\n          windowHours\n        }\n        splitOn\n      }\n    }\n  }\n"): (typeof documents)["\n  query Blueprints {\n    blueprints {\n      id\n      name\n      description\n      category\n      template {\n        method\n        endpoint\n        action\n        successResponse\n        errorResponse\n        filter {\n          ...FilterGroupFields\n        }\n        mapping {\n          ...MappingFields\n        }\n        verification {\n          scheme\n          header\n          algorithm\n          encoding\n          prefix\n          timestampHeader\n          toleranceSeconds\n          username\n        }\n        idempotency {\n          key\n          windowHours\n        }\n        splitOn\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      name\n      status\n      url\n      version\n      allowedActions\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      id\n      name\n      status\n      url\n      version\n      allowedActions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookHeader($id: ID!) {\n    webhook(id: $id) {\n      id\n      name\n      method\n      endpoint\n      url\n      status\n      allowedActions\n      version\n      verification {\n        scheme\n        secrets {\n          id\n          expiresAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookHeader($id: ID!) {\n    webhook(id: $id) {\n      id\n      name\n      method\n      endpoint\n      url\n      status\n      allowedActions\n      version\n      verification {\n        scheme\n        secrets {\n          id\n          expiresAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookSettings($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookSettingsFields\n    }\n  }\n"): (typeof documents)["\n  query WebhookSettings($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookSettingsFields\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookSettingsFields\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FilterConditionFields on FilterCondition {\n    attribute\n    operator\n    value\n  }\n"): (typeof documents)["\n  fragment FilterConditionFields on FilterCondition {\n    attribute\n    operator\n    value\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FilterGroupFields on FilterGroup {\n    join\n    conditions {\n      ...FilterConditionFields\n    }\n    groups {\n      join\n      conditions {\n        ...FilterConditionFields\n      }\n      groups {\n        join\n        conditions {\n          ...FilterConditionFields\n        }\n        groups {\n          join\n          conditions {\n            ...FilterConditionFields\n          }\n          groups {\n            join\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment FilterGroupFields on FilterGroup {\n    join\n    conditions {\n      ...FilterConditionFields\n    }\n    groups {\n      join\n      conditions {\n        ...FilterConditionFields\n      }\n      groups {\n        join\n        conditions {\n          ...FilterConditionFields\n        }\n        groups {\n          join\n          conditions {\n            ...FilterConditionFields\n          }\n          groups {\n            join\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MappingFields on Mapping {\n    from\n    to\n    default\n    replace {\n      value\n      replacement\n    }\n    expression\n  }\n"): (typeof documents)["\n  fragment MappingFields on Mapping {\n    from\n    to\n    default\n    replace {\n      value\n      replacement\n    }\n    expression\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VerificationFields on Verification {\n    scheme\n    header\n    algorithm\n    encoding\n    prefix\n    timestampHeader\n    toleranceSeconds\n    username\n  }\n"): (typeof documents)["\n  fragment VerificationFields on Verification {\n    scheme\n    header\n    algorithm\n    encoding\n    prefix\n    timestampHeader\n    toleranceSeconds\n    username\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookSecretFields on WebhookSecret {\n    id\n    hint\n    createdAt\n    expiresAt\n  }\n"): (typeof documents)["\n  fragment WebhookSecretFields on WebhookSecret {\n    id\n    hint\n    createdAt\n    expiresAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookSettingsFields on Webhook {\n    id\n    name\n    method\n    endpoint\n    url\n    status\n    action\n    version\n    successResponse\n    errorResponse\n    allowedActions\n    filter {\n      ...FilterGroupFields\n    }\n    mapping {\n      ...MappingFields\n    }\n    verification {\n      ...VerificationFields\n      secrets {\n        ...WebhookSecretFields\n      }\n    }\n    idempotency {\n      key\n      windowHours\n    }\n    splitOn\n  }\n"): (typeof documents)["\n  fragment WebhookSettingsFields on Webhook {\n    id\n    name\n    method\n    endpoint\n    url\n    status\n    action\n    version\n    successResponse\n    errorResponse\n    allowedActions\n    filter {\n      ...FilterGroupFields\n    }\n    mapping {\n      ...MappingFields\n    }\n    verification {\n      ...VerificationFields\n      secrets {\n        ...WebhookSecretFields\n      }\n    }\n    idempotency {\n      key\n      windowHours\n    }\n    splitOn\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventDefinitions {\n    eventDefinitions {\n      name\n      label\n      description\n      attributes {\n        path\n        type\n        required\n        description\n      }\n    }\n  }\n"): (typeof documents)["\n  query EventDefinitions {\n    eventDefinitions {\n      name\n      label\n      description\n      attributes {\n        path\n        type\n        required\n        description\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookHistory($id: ID!, $first: Int, $after: String) {\n    webhook(id: $id) {\n      id\n      name\n      version\n      allowedActions\n      history(first: $first, after: $after) {\n        nodes {\n          id\n          changedAt\n          actor\n          kind\n          version\n          changes {\n            field\n            before\n            after\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookHistory($id: ID!, $first: Int, $after: String) {\n    webhook(id: $id) {\n      id\n      name\n      version\n      allowedActions\n      history(first: $first, after: $after) {\n        nodes {\n          id\n          changedAt\n          actor\n          kind\n          version\n          changes {\n            field\n            before\n            after\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreWebhookVersion($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookSettingsFields\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreWebhookVersion($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookSettingsFields\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookLifecycleFields on Webhook {\n    id\n    status\n    allowedActions\n    version\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment WebhookLifecycleFields on Webhook {\n    id\n    status\n    allowedActions\n    version\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivateWebhook($id: ID!) {\n    activateWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n"): (typeof documents)["\n  mutation ActivateWebhook($id: ID!) {\n    activateWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateWebhook($id: ID!) {\n    deactivateWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateWebhook($id: ID!) {\n    deactivateWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveWebhook($id: ID!) {\n    archiveWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveWebhook($id: ID!) {\n    archiveWebhook(id: $id) {\n      ...WebhookLifecycleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookListItem on Webhook {\n    id\n    name\n    method\n    endpoint\n    url\n    action\n    status\n    verification {\n      scheme\n    }\n    lastRequest {\n      id\n      receivedAt\n      statusCode\n      outcome\n    }\n    stats(from: $statsFrom, to: $statsTo, interval: HOUR) {\n      start\n      total\n      invalid\n      rejected\n      failed\n    }\n  }\n"): (typeof documents)["\n  fragment WebhookListItem on Webhook {\n    id\n    name\n    method\n    endpoint\n    url\n    action\n    status\n    verification {\n      scheme\n    }\n    lastRequest {\n      id\n      receivedAt\n      statusCode\n      outcome\n    }\n    stats(from: $statsFrom, to: $statsTo, interval: HOUR) {\n      start\n      total\n      invalid\n      rejected\n      failed\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks(\n    $status: WebhookStatus\n    $search: String\n    $first: Int\n    $after: String\n    $statsFrom: DateTime!\n    $statsTo: DateTime!\n  ) {\n    webhooks(status: $status, search: $search, first: $first, after: $after) {\n      nodes {\n        ...WebhookListItem\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Webhooks(\n    $status: WebhookStatus\n    $search: String\n    $first: Int\n    $after: String\n    $statsFrom: DateTime!\n    $statsTo: DateTime!\n  ) {\n    webhooks(status: $status, search: $search, first: $first, after: $after) {\n      nodes {\n        ...WebhookListItem\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RequestLogDetail($id: ID!) {\n    requestLog(id: $id) {\n      id\n      receivedAt\n      method\n      path\n      query\n      statusCode\n      durationMs\n      outcome\n      error\n      errorCode\n      requestHeaders\n      requestBody\n      bodyTruncated\n      responseBody\n      responseHeaders\n      idempotencyKey\n      customerId\n      filterTrace {\n        ...FilterTraceFields\n      }\n      duplicateOf {\n        id\n        receivedAt\n        statusCode\n      }\n      replayOf {\n        id\n        receivedAt\n        outcome\n      }\n      replayedBy\n      webhook {\n        id\n        name\n        url\n      }\n      event {\n        id\n        action\n        customerId\n        createdAt\n      }\n      events {\n        id\n        action\n        customerId\n        data\n      }\n    }\n  }\n"): (typeof documents)["\n  query RequestLogDetail($id: ID!) {\n    requestLog(id: $id) {\n      id\n      receivedAt\n      method\n      path\n      query\n      statusCode\n      durationMs\n      outcome\n      error\n      errorCode\n      requestHeaders\n      requestBody\n      bodyTruncated\n      responseBody\n      responseHeaders\n      idempotencyKey\n      customerId\n      filterTrace {\n        ...FilterTraceFields\n      }\n      duplicateOf {\n        id\n        receivedAt\n        statusCode\n      }\n      replayOf {\n        id\n        receivedAt\n        outcome\n      }\n      replayedBy\n      webhook {\n        id\n        name\n        url\n      }\n      event {\n        id\n        action\n        customerId\n        createdAt\n      }\n      events {\n        id\n        action\n        customerId\n        data\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookLogs(\n    $id: ID!\n    $first: Int\n    $after: String\n    $statusCode: Int\n    $outcome: RequestOutcome\n    $receivedAfter: DateTime\n    $receivedBefore: DateTime\n  ) {\n    webhook(id: $id) {\n      id\n      method\n      url\n      status\n      logs(\n        first: $first\n        after: $after\n        statusCode: $statusCode\n        outcome: $outcome\n        receivedAfter: $receivedAfter\n        receivedBefore: $receivedBefore\n      ) {\n        nodes {\n          ...LogRowFields\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookLogs(\n    $id: ID!\n    $first: Int\n    $after: String\n    $statusCode: Int\n    $outcome: RequestOutcome\n    $receivedAfter: DateTime\n    $receivedBefore: DateTime\n  ) {\n    webhook(id: $id) {\n      id\n      method\n      url\n      status\n      logs(\n        first: $first\n        after: $after\n        statusCode: $statusCode\n        outcome: $outcome\n        receivedAfter: $receivedAfter\n        receivedBefore: $receivedBefore\n      ) {\n        nodes {\n          ...LogRowFields\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RequestLogged($webhookId: ID!) {\n    requestLogged(webhookId: $webhookId) {\n      ...LogRowFields\n    }\n  }\n"): (typeof documents)["\n  subscription RequestLogged($webhookId: ID!) {\n    requestLogged(webhookId: $webhookId) {\n      ...LogRowFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookSecretsChange on Webhook {\n    id\n    version\n    updatedAt\n    verification {\n      scheme\n      secrets {\n        ...WebhookSecretFields\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment WebhookSecretsChange on Webhook {\n    id\n    version\n    updatedAt\n    verification {\n      scheme\n      secrets {\n        ...WebhookSecretFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddWebhookSecret($id: ID!, $secret: String, $expirePreviousInSeconds: Int) {\n    addWebhookSecret(id: $id, secret: $secret, expirePreviousInSeconds: $expirePreviousInSeconds) {\n      secret\n      webhook {\n        ...WebhookSecretsChange\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddWebhookSecret($id: ID!, $secret: String, $expirePreviousInSeconds: Int) {\n    addWebhookSecret(id: $id, secret: $secret, expirePreviousInSeconds: $expirePreviousInSeconds) {\n      secret\n      webhook {\n        ...WebhookSecretsChange\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveWebhookSecret($id: ID!, $secretId: ID!) {\n    removeWebhookSecret(id: $id, secretId: $secretId) {\n      ...WebhookSecretsChange\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveWebhookSecret($id: ID!, $secretId: ID!) {\n    removeWebhookSecret(id: $id, secretId: $secretId) {\n      ...WebhookSecretsChange\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookStats($id: ID!, $from: DateTime!, $to: DateTime!, $interval: StatsInterval!) {\n    webhook(id: $id) {\n      id\n      stats(from: $from, to: $to, interval: $interval) {\n        start\n        total\n        processed\n        filtered\n        duplicate\n        invalid\n        rejected\n        failed\n        p50Ms\n        p95Ms\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookStats($id: ID!, $from: DateTime!, $to: DateTime!, $interval: StatsInterval!) {\n    webhook(id: $id) {\n      id\n      stats(from: $from, to: $to, interval: $interval) {\n        start\n        total\n        processed\n        filtered\n        duplicate\n        invalid\n        rejected\n        failed\n        p50Ms\n        p95Ms\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestCustomers($search: String) {\n    customers(search: $search, first: 10) {\n      nodes {\n        id\n        email\n        firstName\n        lastName\n      }\n    }\n  }\n"): (typeof documents)["\n  query TestCustomers($search: String) {\n    customers(search: $search, first: 10) {\n      nodes {\n        id\n        email\n        firstName\n        lastName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestCustomer($id: String!) {\n    customer(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query TestCustomer($id: String!) {\n    customer(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestPanelWebhook($id: ID!) {\n    webhook(id: $id) {\n      id\n      method\n      status\n      action\n      splitOn\n      filter {\n        ...FilterGroupFields\n      }\n      mapping {\n        from\n        to\n        expression\n      }\n      verification {\n        scheme\n        secrets {\n          id\n          expiresAt\n        }\n      }\n      idempotency {\n        key\n      }\n      lastRequest {\n        id\n        requestHeaders\n        requestBody\n      }\n    }\n  }\n"): (typeof documents)["\n  query TestPanelWebhook($id: ID!) {\n    webhook(id: $id) {\n      id\n      method\n      status\n      action\n      splitOn\n      filter {\n        ...FilterGroupFields\n      }\n      mapping {\n        from\n        to\n        expression\n      }\n      verification {\n        scheme\n        secrets {\n          id\n          expiresAt\n        }\n      }\n      idempotency {\n        key\n      }\n      lastRequest {\n        id\n        requestHeaders\n        requestBody\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MappingTraceFields on MappingTrace {\n    from\n    to\n    found\n    usedDefault\n    replaced\n    value\n    expression\n    expressionResult\n  }\n"): (typeof documents)["\n  fragment MappingTraceFields on MappingTrace {\n    from\n    to\n    found\n    usedDefault\n    replaced\n    value\n    expression\n    expressionResult\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EventIssueFields on EventIssue {\n    code\n    attribute\n    message\n  }\n"): (typeof documents)["\n  fragment EventIssueFields on EventIssue {\n    code\n    attribute\n    message\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookTestResultFields on WebhookTestResult {\n    statusCode\n    outcome\n    errorCode\n    reason\n    responseBody\n    responseHeaders\n    filterPassed\n    conditions {\n      ...ConditionTraceFields\n    }\n    filterTrace {\n      ...FilterTraceFields\n    }\n    mapping {\n      ...MappingTraceFields\n    }\n    mappedEvent\n    convertedEvent\n    issues {\n      ...EventIssueFields\n    }\n    items {\n      index\n      mapping {\n        ...MappingTraceFields\n      }\n      mappedEvent\n      convertedEvent\n      issues {\n        ...EventIssueFields\n      }\n    }\n    events\n    verification {\n      scheme\n      verified\n      errorCode\n      reason\n      signed\n    }\n    idempotency {\n      key\n      value\n      problem\n      alreadyProcessed\n      originalRequestId\n    }\n  }\n"): (typeof documents)["\n  fragment WebhookTestResultFields on WebhookTestResult {\n    statusCode\n    outcome\n    errorCode\n    reason\n    responseBody\n    responseHeaders\n    filterPassed\n    conditions {\n      ...ConditionTraceFields\n    }\n    filterTrace {\n      ...FilterTraceFields\n    }\n    mapping {\n      ...MappingTraceFields\n    }\n    mappedEvent\n    convertedEvent\n    issues {\n      ...EventIssueFields\n    }\n    items {\n      index\n      mapping {\n        ...MappingTraceFields\n      }\n      mappedEvent\n      convertedEvent\n      issues {\n        ...EventIssueFields\n      }\n    }\n    events\n    verification {\n      scheme\n      verified\n      errorCode\n      reason\n      signed\n    }\n    idempotency {\n      key\n      value\n      problem\n      alreadyProcessed\n      originalRequestId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestWebhook($id: ID!, $request: TestRequestInput!, $draft: UpdateWebhookInput) {\n    testWebhook(id: $id, request: $request, draft: $draft) {\n      ...WebhookTestResultFields\n    }\n  }\n"): (typeof documents)["\n  query TestWebhook($id: ID!, $request: TestRequestInput!, $draft: UpdateWebhookInput) {\n    testWebhook(id: $id, request: $request, draft: $draft) {\n      ...WebhookTestResultFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;