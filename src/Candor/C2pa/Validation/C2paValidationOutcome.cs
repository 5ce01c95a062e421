namespace Candor.C2pa.Validation;

/// <summary>Whether <see cref="C2paValidator"/> found a manifest store to validate.</summary>
public enum C2paValidationOutcome
{
    /// <summary>A manifest store was found and validated: see the state.</summary>
    Validated,
    /// <summary>The asset carries no Content Credentials (and names no remote manifest).</summary>
    NoManifest,
    /// <summary>The asset names a remote manifest that was not fetched (network not allowed) or could not be fetched.</summary>
    RemoteManifest,
    /// <summary>A manifest store is there but cannot be read (broken structure, pre-release format, missing algorithm).</summary>
    Unreadable,
}
