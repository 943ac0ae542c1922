namespace Ferry.Environments;

/// <summary>Marker so the project builds before its first type lands; removed by the first real type.</summary>
internal static class EnvironmentsAssembly;
