using System.Text.Json;

namespace Ferry.Abstractions.Instances;

/// <summary>A state as one word ("running", "checkpointed"), the same word instance.json and the control socket use.</summary>
public static class InstanceStateNames
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.CamelCase;

    public static string Of(InstanceState state) => Policy.ConvertName(state.ToString());
}
