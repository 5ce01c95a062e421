namespace Candor.Provenance;

/// <summary>Which algorithm a claimed model hash is.</summary>
public enum HashKind
{
    /// <summary>A1111 before 2023: 8 hex of SHA-256 over 64 KiB at 1 MiB.</summary>
    AutoV1,
    /// <summary>A1111 "Model hash": first 10 hex of SHA-256 of the file.</summary>
    AutoV2,
    /// <summary>LoRA "addnet" hash: first 12 hex of SHA-256 of the safetensors data after the header.</summary>
    Addnet,
    /// <summary>Civitai AutoV3: SHA-256 of the safetensors data after the header (full).</summary>
    AutoV3,
    /// <summary>Full SHA-256 of the file.</summary>
    Sha256,
    /// <summary>BLAKE3 of the file (InvokeAI).</summary>
    Blake3,
    /// <summary>CRC32 of the file (Civitai, byte-reversed).</summary>
    Crc32,
    /// <summary>First 12 hex of SHA-256 of the file (A1111 TI hashes).</summary>
    Sha256Prefix12,
    /// <summary>Could not tell.</summary>
    Unknown,
}
