namespace Ferry.Environments.Definition;

/// <summary>One row of the <c>exceptions</c> table: a host resource that passes through unmapped.</summary>
public sealed record PassThrough(PassThroughKind Kind, string Resource);
