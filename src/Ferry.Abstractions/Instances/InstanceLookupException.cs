namespace Ferry.Abstractions.Instances;

/// <summary>An id, prefix or name that names no instance, or more than one; or a name already taken.</summary>
public sealed class InstanceLookupException(string message) : Exception(message);
