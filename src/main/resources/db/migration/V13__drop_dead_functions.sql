-- Functions that nothing calls any more. V8 moved the trees' search vectors into tree_search_refresh
-- (each part analysed once, the species' names read from species.search), so the document functions
-- of V4 and V6 and the species_names lookup they shared lost their last caller; no trigger, index,
-- generated column, view or application statement names them (docs/schema.md lists what remains and
-- who calls it).
DROP FUNCTION tree_search_document(text, text[], text, text);
DROP FUNCTION tree_search_species_tags(text, text[]);
DROP FUNCTION tree_search_species_tags_address(text, text[], text);
DROP FUNCTION species_names(uuid);
