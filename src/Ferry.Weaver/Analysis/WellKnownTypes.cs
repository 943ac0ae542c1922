using Mono.Cecil;

namespace Ferry.Weaver.Analysis;

/// <summary>Core library types referenced through the module's own corlib reference (never the weaver's).</summary>
public sealed class WellKnownTypes
{
    private readonly ModuleDefinition _module;
    private readonly Dictionary<string, TypeReference> _cache = new();

    public WellKnownTypes(ModuleDefinition module) => _module = module;

    public TypeSystem System => _module.TypeSystem;

    public TypeReference Get(string ns, string name, bool valueType)
    {
        var key = ns + "." + name;
        if (!_cache.TryGetValue(key, out var type))
        {
            type = new TypeReference(ns, name, _module, _module.TypeSystem.CoreLibrary, valueType);
            _cache[key] = type;
        }
        return type;
    }

    public TypeReference RuntimeTypeHandle => Get("System", "RuntimeTypeHandle", true);
    public TypeReference RuntimeMethodHandle => Get("System", "RuntimeMethodHandle", true);
    public TypeReference RuntimeFieldHandle => Get("System", "RuntimeFieldHandle", true);
    public TypeReference TypedReference => Get("System", "TypedReference", true);
    public TypeReference RuntimeArgumentHandle => Get("System", "RuntimeArgumentHandle", true);
    public TypeReference Exception => Get("System", "Exception", false);
}
