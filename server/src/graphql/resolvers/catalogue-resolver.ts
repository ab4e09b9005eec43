import { Authorized, Query, Resolver } from 'type-graphql';
import { loadBlueprints } from '../../catalogue/blueprints.js';
import { EVENT_DEFINITIONS } from '../../domain/event-catalogue.js';
import { BlueprintType, EventDefinitionType } from '../types/catalogue.js';

@Resolver()
export class CatalogueResolver {
  @Authorized()
  @Query(() => [BlueprintType])
  blueprints() {
    return loadBlueprints();
  }

  @Authorized()
  @Query(() => [EventDefinitionType])
  eventDefinitions() {
    return EVENT_DEFINITIONS;
  }
}
