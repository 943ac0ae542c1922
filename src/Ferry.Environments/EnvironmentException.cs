namespace Ferry.Environments;

/// <summary>
/// An environment cannot be made, found or used as asked: a bad mapping, an unknown or duplicate name, a
/// missing host path, a database from a newer Ferry. The message is one line, fit for the CLI's edge.
/// </summary>
public sealed class EnvironmentException(string message, Exception? inner = null) : Exception(message, inner);
