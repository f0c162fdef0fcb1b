import { listMembers } from '../../app/github-members.js';
import { CommandFailure, parseCommandArgs, UsageError, type CliIo, type Command } from '../command.js';

const USAGE = `Usage: elekto voters --github-org ORG [--team SLUG]...

Prints a voters.yaml listing the members of a GitHub organisation, or of some of its teams,
sorted: redirect it into an election's voters.yaml and review the diff in a pull request.

  --github-org ORG   the organisation
  --team SLUG        only the members of this team (repeat for several; their union)

Reads GITHUB_TOKEN (a token with the read:org scope) and GITHUB_API_URL (default
https://api.github.com; https://HOST/api/v3 for GitHub Enterprise).
`;

/** `elekto voters`: the eligibility helper of SPEC §14. */
export const votersCommand: Command = {
  name: 'voters',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs(args, { 'github-org': { type: 'string' }, team: { type: 'string', multiple: true } }, false);
    const org = values['github-org'];
    if (!org) throw new UsageError('--github-org ORG is required');
    const token = io.env.GITHUB_TOKEN;
    if (!token) throw new CommandFailure('GITHUB_TOKEN is not set: create a token with the read:org scope and export it as GITHUB_TOKEN');
    const teams = values.team ?? [];
    const members = await listMembers({ apiUrl: io.env.GITHUB_API_URL || 'https://api.github.com', token }, org, teams);
    if (!members.ok) throw new CommandFailure(members.error);
    const source = teams.length === 0 ? `the members of the GitHub organisation ${org}` : `the members of ${teams.map((team) => `${org}/${team}`).join(', ')}`;
    io.stdout([`# ${members.value.length} eligible voters: ${source}.`, '# Printed by `elekto voters`; edit the list in pull requests.', 'eligible_voters:', ...members.value.map((login) => `  - ${login}`)].join('\n') + '\n');
    if (members.value.length === 0) io.stderr(`warning: ${source} is an empty list\n`);
    return 0;
  },
};
