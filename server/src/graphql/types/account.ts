import { Field, ID, ObjectType } from 'type-graphql';
import type { Role } from '../../domain/types.js';
import { RoleEnum } from '../enums.js';
import { DateTimeScalar } from '../scalars.js';

@ObjectType('Account')
export class AccountType {
  @Field(() => ID) id!: string;
  @Field() slug!: string;
  @Field() name!: string;
}

@ObjectType('AdminUser')
export class AdminUserType {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType('ApiKey')
export class ApiKeyType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'The public part of the key, to recognise it.' }) prefix!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyType {
  @Field(() => ApiKeyType) apiKey!: ApiKeyType;
  @Field({ description: 'The key itself: shown this once, never again.' }) secret!: string;
}

@ObjectType('CreatedUser')
export class CreatedUserType {
  @Field(() => AdminUserType) user!: AdminUserType;
  @Field({ description: 'The generated initial password: shown this once, never again. Hand it to the user.' })
  password!: string;
}

@ObjectType('Viewer')
export class ViewerType {
  @Field(() => AccountType) account!: AccountType;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => AdminUserType, { nullable: true }) user!: AdminUserType | null;
  @Field(() => ApiKeyType, { nullable: true }) apiKey!: ApiKeyType | null;
}
