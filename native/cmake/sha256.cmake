# Writes "<sha256>  <name>" (sha256sum format) next to FILE. Run with cmake -DFILE=... -P.
file(SHA256 "${FILE}" hash)
get_filename_component(name "${FILE}" NAME)
file(WRITE "${FILE}.sha256" "${hash}  ${name}\n")
