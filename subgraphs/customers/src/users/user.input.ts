import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A team: its name and manager.' })
export class TeamInput {
  @Field(() => String, { description: 'Unique name of the team.' })
  name: string;

  @Field(() => ID, { nullable: true, description: 'The User who manages the team (an active user).' })
  managerId?: string | null;
}

@InputType({ description: 'A territory: its name, regions and the team covering them.' })
export class TerritoryInput {
  @Field(() => String, { description: 'Unique name of the territory.' })
  name: string;

  @Field(() => [String], {
    description:
      'The sales regions it covers (as customers name them); a region is in one territory at most.',
  })
  regions: string[];

  @Field(() => ID, { description: 'The team that covers the territory.' })
  teamId: string;
}
