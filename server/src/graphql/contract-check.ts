import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Everything a contract SDL declares that the schema lacks or types differently: types, fields, arguments,
 * input fields and enum values. An empty list means the schema honours the contract (it may add more).
 */
export function contractViolations(contractSdl: string, schema: GraphQLSchema): string[] {
  const contract = buildSchema(contractSdl);
  const problems: string[] = [];
  for (const expected of Object.values(contract.getTypeMap())) {
    if (expected.name.startsWith('__')) continue;
    const actual = schema.getType(expected.name);
    if (!actual) {
      problems.push(`type ${expected.name} is missing`);
      continue;
    }
    if (kindOf(actual) !== kindOf(expected)) {
      problems.push(`type ${expected.name} is a ${kindOf(actual)}, the contract says ${kindOf(expected)}`);
      continue;
    }
    if (isEnumType(expected) && isEnumType(actual)) {
      const values = new Set(actual.getValues().map((v) => v.name));
      for (const v of expected.getValues())
        if (!values.has(v.name)) problems.push(`enum value ${expected.name}.${v.name} is missing`);
    }
    if ((isObjectType(expected) || isInterfaceType(expected)) && (isObjectType(actual) || isInterfaceType(actual))) {
      const fields = actual.getFields();
      for (const field of Object.values(expected.getFields())) {
        const got = fields[field.name];
        if (!got) {
          problems.push(`field ${expected.name}.${field.name} is missing`);
          continue;
        }
        if (String(got.type) !== String(field.type)) {
          problems.push(
            `field ${expected.name}.${field.name} is ${String(got.type)}, the contract says ${String(field.type)}`,
          );
        }
        for (const arg of field.args) {
          const gotArg = got.args.find((a) => a.name === arg.name);
          if (!gotArg) problems.push(`argument ${expected.name}.${field.name}(${arg.name}) is missing`);
          else if (String(gotArg.type) !== String(arg.type)) {
            problems.push(
              `argument ${expected.name}.${field.name}(${arg.name}) is ${String(gotArg.type)}, the contract says ${String(arg.type)}`,
            );
          }
        }
        for (const gotArg of got.args) {
          if (!field.args.some((a) => a.name === gotArg.name) && String(gotArg.type).endsWith('!')) {
            problems.push(
              `argument ${expected.name}.${field.name}(${gotArg.name}) is required but not in the contract`,
            );
          }
        }
      }
    }
    if (isInputObjectType(expected) && isInputObjectType(actual)) {
      const fields = actual.getFields();
      for (const field of Object.values(expected.getFields())) {
        const got = fields[field.name];
        if (!got) problems.push(`input field ${expected.name}.${field.name} is missing`);
        else if (String(got.type) !== String(field.type)) {
          problems.push(
            `input field ${expected.name}.${field.name} is ${String(got.type)}, the contract says ${String(field.type)}`,
          );
        }
      }
      for (const got of Object.values(fields)) {
        if (!expected.getFields()[got.name] && String(got.type).endsWith('!')) {
          problems.push(`input field ${expected.name}.${got.name} is required but not in the contract`);
        }
      }
    }
  }
  return problems;
}

function kindOf(type: GraphQLNamedType): string {
  if (isScalarType(type)) return 'scalar';
  if (isEnumType(type)) return 'enum';
  if (isInputObjectType(type)) return 'input';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  return 'object type';
}
