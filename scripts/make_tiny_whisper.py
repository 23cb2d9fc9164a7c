"""Generate the tiny random-weight Whisper model in tests/fixtures/tiny-whisper/ (about 1 MB).

It lets the tests run the real faster-whisper path (audio decoding, features, CTranslate2 encode and
generate, segments with word timestamps) without downloading a model. Its output is gibberish, so
tests assert structure only. Run once, in a separate tools venv (never the project's):

    python -m venv /tmp/tools && /tmp/tools/bin/pip install torch transformers ctranslate2 tokenizers
    /tmp/tools/bin/python scripts/make_tiny_whisper.py tests/fixtures/tiny-whisper

Recipe: ../shared/design/ECOSYSTEM.md §5.
"""

from __future__ import annotations

import shutil
import string
import sys
import tempfile
from pathlib import Path


SEED = 3           # a seed whose random weights give a few segments with word timestamps on a 4 s tone


def main(out: Path) -> None:
    import ctranslate2
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import GenerationConfig, WhisperConfig, WhisperForConditionalGeneration

    torch.manual_seed(SEED)
    chars = [c for c in string.printable[:94]] + ["Ġ"]
    specials = ["<|endoftext|>", "<|startoftranscript|>", "<|en|>", "<|de|>", "<|translate|>", "<|transcribe|>",
                "<|startoflm|>", "<|startofprev|>", "<|nospeech|>", "<|notimestamps|>"]
    timestamps = [f"<|{i * 0.02:.2f}|>" for i in range(1501)]
    vocab_list = chars + specials + timestamps
    vocab = {t: i for i, t in enumerate(vocab_list)}
    n_text = len(chars)

    def tid(t: str) -> int:
        return vocab[t]

    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<|endoftext|>"))
    tok.pre_tokenizer = pre_tokenizers.Split("", behavior="isolated")
    tok.decoder = decoders.Fuse()
    tok.add_special_tokens(specials + timestamps)

    cfg = WhisperConfig(vocab_size=len(vocab), num_mel_bins=80, d_model=64, encoder_layers=1, decoder_layers=1,
                        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=128,
                        decoder_ffn_dim=128, max_source_positions=1500, max_target_positions=448,
                        decoder_start_token_id=tid("<|startoftranscript|>"), eos_token_id=tid("<|endoftext|>"),
                        bos_token_id=tid("<|endoftext|>"), pad_token_id=tid("<|endoftext|>"))
    model = WhisperForConditionalGeneration(cfg)
    with torch.no_grad():      # otherwise a random model emits only special tokens, hence no segments
        model.model.decoder.embed_tokens.weight[n_text:] = 0
        model.model.decoder.embed_tokens.weight[:n_text] *= 5
    model.generation_config = GenerationConfig(
        decoder_start_token_id=tid("<|startoftranscript|>"), eos_token_id=tid("<|endoftext|>"),
        pad_token_id=tid("<|endoftext|>"), no_timestamps_token_id=tid("<|notimestamps|>"),
        lang_to_id={"<|en|>": tid("<|en|>"), "<|de|>": tid("<|de|>")},
        task_to_id={"transcribe": tid("<|transcribe|>"), "translate": tid("<|translate|>")},
        is_multilingual=True, alignment_heads=[[0, 0]], max_length=448, begin_suppress_tokens=[],
        suppress_tokens=[])
    with tempfile.TemporaryDirectory() as tmp:
        hf_dir = Path(tmp) / "hf"
        model.save_pretrained(hf_dir)
        tok.save(str(hf_dir / "tokenizer.json"))
        if out.exists():
            shutil.rmtree(out)
        ctranslate2.converters.TransformersConverter(str(hf_dir), copy_files=["tokenizer.json"]).convert(
            str(out), quantization="int8")
    print(f"wrote {out}: " + ", ".join(f"{p.name} {p.stat().st_size} B" for p in sorted(out.iterdir())))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/tiny-whisper"))
