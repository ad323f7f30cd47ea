DROP TABLE publication_keywords;
