using Mono.Cecil;

namespace Ferry.Weaver.Instrumentation;

/// <summary>Ferry.Runtime.dll read with Cecil: the definitions woven code refers to.</summary>
public sealed class RuntimeModule : IDisposable
{
    private readonly ModuleDefinition _module;

    public RuntimeModule(string path)
    {
        _module = ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = false });
    }

    public static string DefaultPath => typeof(Ferry.Runtime.Capture.FrameStack).Assembly.Location;

    public AssemblyNameReference AssemblyName => _module.Assembly.Name;

    public TypeDefinition Type(string fullName) =>
        _module.GetType(fullName) ?? throw new WeavingException($"Ferry.Runtime has no type {fullName}");

    public FieldDefinition Field(string type, string name) =>
        Type(type).Fields.FirstOrDefault(f => f.Name == name) ?? throw new WeavingException($"Ferry.Runtime has no field {type}.{name}");

    public MethodDefinition Method(string type, string name, int parameters) =>
        Type(type).Methods.FirstOrDefault(m => m.Name == name && m.Parameters.Count == parameters)
        ?? throw new WeavingException($"Ferry.Runtime has no method {type}.{name}/{parameters}");

    public MethodDefinition Method(string type, string name, IReadOnlyList<string> parameterTypes) =>
        Type(type).Methods.FirstOrDefault(m => m.Name == name && m.IsPublic && m.IsStatic
            && m.Parameters.Select(p => ParameterKey(p.ParameterType)).SequenceEqual(parameterTypes))
        ?? throw new WeavingException($"Ferry.Runtime has no shim {type}.{name}({string.Join(", ", parameterTypes)})");

    /// <summary>
    /// How a parameter type is spelled in the interception table: as Cecil names it at a call site, with
    /// generic parameters as <c>!n</c> (of a type) and <c>!!n</c> (of a method), byref as a trailing &amp;.
    /// </summary>
    public static string ParameterKey(TypeReference type) => type switch
    {
        GenericParameter gp => (gp.Type == GenericParameterType.Method ? "!!" : "!") + gp.Position,
        ByReferenceType br => ParameterKey(br.ElementType) + "&",
        ArrayType { IsVector: true } at => ParameterKey(at.ElementType) + "[]",
        GenericInstanceType git => git.ElementType.FullName + "<" + string.Join(",", git.GenericArguments.Select(ParameterKey)) + ">",
        _ => type.FullName,
    };

    public void Dispose() => _module.Dispose();
}
