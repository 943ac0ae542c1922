using System.Text.Json.Serialization;
using Ferry.Abstractions.Control;
using Ferry.Node.Instances;

namespace Ferry.Cli.Output;

/// <summary>JSON the CLI prints (<c>--json</c>): camelCase, indented, states as words.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<InstanceSummary>))]
[JsonSerializable(typeof(ControlResponse))]
[JsonSerializable(typeof(ImageSummary))]
[JsonSerializable(typeof(IReadOnlyList<NodeSummary>))]
[JsonSerializable(typeof(EnvironmentSummary))]
[JsonSerializable(typeof(IReadOnlyList<EnvironmentSummary>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
