using System.Text.Json.Serialization;
using Ferry.Node.Instances;

namespace Ferry.Node.Api;

/// <summary>JSON inside node API messages (records the CLI prints as they come).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EnvironmentSummary))]
public sealed partial class NodeJsonContext : JsonSerializerContext;
