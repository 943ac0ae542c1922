namespace Ferry.Node.Hosting;

/// <summary>A node could not start; the message is one line saying what and why.</summary>
public sealed class NodeStartException(string message, Exception? inner = null) : Exception(message, inner);
