namespace Ferry.Cli.Output;

/// <summary>One node as <c>ferry node ls --json</c> prints it.</summary>
internal sealed record NodeSummary(string Name, string Address, string Version, DateTimeOffset Started);
