using System.Text.Json.Serialization;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;

namespace Ferry.Abstractions;

/// <summary>Source-generated JSON for Ferry's own files and messages (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InstanceInfo))]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
public sealed partial class FerryJsonContext : JsonSerializerContext;
