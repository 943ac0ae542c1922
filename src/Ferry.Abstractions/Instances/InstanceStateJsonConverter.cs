using System.Text.Json.Serialization;

namespace Ferry.Abstractions.Instances;

/// <summary>States are written in lower camel case ("running"), as the rest of instance.json.</summary>
public sealed class InstanceStateJsonConverter() : JsonStringEnumConverter<InstanceState>(InstanceStateNames.Policy, allowIntegerValues: false);
